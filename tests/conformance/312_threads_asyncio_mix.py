# asyncio with threads: to_thread and run_in_executor sharing a threading.Lock.
import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

lock = threading.Lock()

def blocking(name, d):
    with lock:
        print(f"{name} has the lock in {threading.current_thread().name} at {time.monotonic()}")
        time.sleep(d)
    return name.upper()

async def ticker():
    for i in range(4):
        print("tick", i, time.monotonic())
        await asyncio.sleep(0.5)

async def main():
    loop = asyncio.get_running_loop()
    pool = ThreadPoolExecutor(2, thread_name_prefix="mine")
    results = await asyncio.gather(
        ticker(),
        asyncio.to_thread(blocking, "a", 1),
        loop.run_in_executor(None, blocking, "b", 0.5),
        loop.run_in_executor(pool, blocking, "c", 0.25),
        loop.run_in_executor(pool, blocking, "d", 0.25),
    )
    print(results, time.monotonic())
    pool.shutdown()
    fut = loop.run_in_executor(None, time.sleep, 2)
    try:
        await asyncio.wait_for(fut, 0.5)
    except asyncio.TimeoutError:
        print("wait_for timed out", time.monotonic())

asyncio.run(main())
print("after run", time.monotonic(), sorted(t.name for t in threading.enumerate()))
