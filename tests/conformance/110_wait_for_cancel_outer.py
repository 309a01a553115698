# Cancelling a task that sits in wait_for: the inner awaitable is cancelled too.
import asyncio

async def inner(name):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print(name, "inner cancelled, args", e.args)
        raise

async def outer(name, timeout):
    try:
        await asyncio.wait_for(inner(name), timeout)
    except asyncio.CancelledError as e:
        print(name, "outer sees CancelledError, args", e.args)
        raise
    except TimeoutError:
        print(name, "outer sees TimeoutError")

async def main():
    loop = asyncio.get_running_loop()
    t1 = asyncio.create_task(outer("t1", 5))
    t2 = asyncio.create_task(outer("t2", None))
    t3 = asyncio.create_task(outer("t3", 1))
    await asyncio.sleep(0.5)
    t1.cancel("stop t1")
    t2.cancel()
    r = await asyncio.gather(t1, t2, t3, return_exceptions=True)
    print("results:", [type(x).__name__ for x in r], "at", loop.time())
    print("cancelled:", t1.cancelled(), t2.cancelled(), t3.cancelled())
    t4 = asyncio.create_task(outer("t4", 2))
    await asyncio.sleep(2)
    print("t4 done at the deadline instant?", t4.done())
    t4.cancel()
    await asyncio.gather(t4, return_exceptions=True)
    print("t4 cancelled?", t4.cancelled(), "at", loop.time())

asyncio.run(main())
