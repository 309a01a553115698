# to_thread fan-out beyond the 12 default workers, run_coroutine_threadsafe and call_soon_threadsafe from a thread, wait_for on to_thread.
import asyncio, threading, time

def blocking(n):
    time.sleep(n)
    return n

def thread_body(loop):
    async def coro():
        await asyncio.sleep(0.5)
        return "from loop"
    fut = asyncio.run_coroutine_threadsafe(coro(), loop)
    print("thread got", fut.result())
    loop.call_soon_threadsafe(print, "threadsafe print")

async def main():
    loop = asyncio.get_running_loop()
    r = await asyncio.gather(*(asyncio.to_thread(blocking, i * 0.1) for i in range(15)))
    print(r, loop.time())
    th = threading.Thread(target=thread_body, args=(loop,))
    th.start()
    await asyncio.sleep(1)
    th.join()
    print("joined", loop.time())
    try:
        await asyncio.wait_for(asyncio.to_thread(blocking, 2), 0.5)
    except TimeoutError:
        print("to_thread timed out", loop.time())
    print("end main", loop.time())

asyncio.run(main())
print("after run")
