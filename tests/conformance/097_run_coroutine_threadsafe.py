# run_coroutine_threadsafe from a thread, waiting on .result(timeout).
import asyncio
import threading
import time

async def remote_add(a, b, d):
    print(f"coroutine running in {threading.current_thread().name} at {time.time():.1f}")
    await asyncio.sleep(d)
    return a + b

def thread_body(loop, out):
    print("thread submits at", time.time())
    fut = asyncio.run_coroutine_threadsafe(remote_add(1, 2, 1.0), loop)
    print("thread got a", type(fut).__name__)
    out.append(fut.result(timeout=5))
    print(f"thread got result {out[-1]} at {time.time():.1f}")
    slow = asyncio.run_coroutine_threadsafe(remote_add(3, 4, 2.0), loop)
    try:
        slow.result(timeout=0.5)
    except TimeoutError:
        print(f"thread: result(timeout=0.5) timed out at {time.time():.1f}")
    out.append(slow.result())
    print(f"thread: slow result {out[-1]} at {time.time():.1f}")

async def ticker():
    for i in range(4):
        print(f"tick {i} at {time.time():.1f}")
        await asyncio.sleep(1)

async def main():
    loop = asyncio.get_running_loop()
    out = []
    th = threading.Thread(target=thread_body, args=(loop, out))
    th.start()
    await ticker()
    await asyncio.to_thread(th.join)
    print("out:", out, "at", time.time())
    print("thread alive after join?", th.is_alive())

asyncio.run(main())
