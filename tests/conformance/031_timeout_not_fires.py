# asyncio.timeout that does not fire, timeout(None), and expired()/when().
import asyncio

async def fast(x):
    await asyncio.sleep(0.5)
    return x * 2

async def main():
    loop = asyncio.get_running_loop()
    async with asyncio.timeout(2) as cm:
        r = await fast(21)
        print("result", r, "at", loop.time())
    print("expired?", cm.expired(), "when", cm.when())
    async with asyncio.timeout(None) as cm2:
        print("when is", cm2.when())
        await asyncio.sleep(3)
    print("no deadline, expired?", cm2.expired(), "time", loop.time())
    async with asyncio.timeout(1) as cm3:
        await asyncio.sleep(0.999)
    print("just in time, expired?", cm3.expired(), "time", loop.time())
    results = []
    for d in [0.1, 0.2, 0.3]:
        try:
            async with asyncio.timeout(0.25):
                await asyncio.sleep(d)
                results.append(d)
        except TimeoutError:
            results.append("timeout")
    print("loop of timeouts:", results, "time", round(loop.time(), 3))
    async with asyncio.timeout(1):
        pass
    print("empty block fine; main cancelling", asyncio.current_task().cancelling())
    await asyncio.sleep(5)
    print("late sleep not affected at", loop.time())

asyncio.run(main())
