# call_soon_threadsafe from a thread wakes the loop; futures set from a thread.
import asyncio
import threading
import time

def worker(loop, fut, name):
    print(name, "thread started in", threading.current_thread().name)
    time.sleep(1)
    print(name, "thread slept 1s, scheduling callback")
    loop.call_soon_threadsafe(lambda: print(name, "callback runs on", threading.current_thread().name))
    time.sleep(0.5)
    loop.call_soon_threadsafe(fut.set_result, name + " result")
    print(name, "thread ends")

async def ticker():
    for i in range(4):
        print("tick", i, "at", asyncio.get_running_loop().time())
        await asyncio.sleep(0.5)

async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    th = threading.Thread(target=worker, args=(loop, fut, "W"), name="helper")
    th.start()
    print("main: thread started")
    t = asyncio.create_task(ticker())
    print("main awaits", await fut, "at", loop.time())
    await t
    th.join()
    print("joined; alive?", th.is_alive())

asyncio.run(main())
