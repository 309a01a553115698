# An outside cancel inside asyncio.timeout() stays a CancelledError, not a TimeoutError.
import asyncio

async def guarded(name, limit):
    me = asyncio.current_task()
    try:
        async with asyncio.timeout(limit) as cm:
            await asyncio.sleep(10)
    except TimeoutError:
        print(name, "TimeoutError; expired", cm.expired(), "cancelling", me.cancelling())
        return "timeout"
    except asyncio.CancelledError:
        print(name, "CancelledError; expired", cm.expired(), "cancelling", me.cancelling())
        raise

async def main():
    loop = asyncio.get_running_loop()
    a = asyncio.create_task(guarded("a", 5))
    b = asyncio.create_task(guarded("b", 1))
    c = asyncio.create_task(guarded("c", 1))
    await asyncio.sleep(0.5)
    a.cancel()
    await asyncio.sleep(0.5)
    c.cancel()
    res = await asyncio.gather(a, b, c, return_exceptions=True)
    print([r if isinstance(r, str) else type(r).__name__ for r in res], loop.time())
    async def swallow_inside():
        async with asyncio.timeout(0.5):
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                print("swallowed the timeout's cancel inside the block")
            await asyncio.sleep(0.2)
            print("block continues at", loop.time())
        print("after the block: no TimeoutError raised")
    await swallow_inside()

asyncio.run(main())
