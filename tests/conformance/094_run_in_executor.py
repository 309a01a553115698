# loop.run_in_executor(None, f, arg): returns a future; exceptions come back.
import asyncio
import functools
import threading
import time

def crunch(n):
    time.sleep(n * 0.1)
    print(f"crunch({n}) in {threading.current_thread().name} at {time.time():.1f}")
    return n * n

async def main():
    loop = asyncio.get_running_loop()
    f = loop.run_in_executor(None, crunch, 5)
    print("is future:", asyncio.isfuture(f), "done:", f.done())
    print("result:", await f, "at", loop.time())
    futs = [loop.run_in_executor(None, crunch, n) for n in (3, 1, 2)]
    print("gathered:", await asyncio.gather(*futs))
    p = loop.run_in_executor(None, functools.partial(crunch, 4))
    print("partial:", await p)
    def fail():
        raise LookupError("executor failure")
    try:
        await loop.run_in_executor(None, fail)
    except LookupError as e:
        print("caught", repr(e))
    try:
        await asyncio.wait_for(loop.run_in_executor(None, crunch, 10), 0.5)
    except TimeoutError:
        print("wait_for timed out at", loop.time(), "(the thread keeps running)")
    await asyncio.sleep(1)
    print("end at", loop.time())

asyncio.run(main())
