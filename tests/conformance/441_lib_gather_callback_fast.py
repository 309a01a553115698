# gather's per-child callback on its usual path and off it: children that
# raise, are cancelled or repeat, return_exceptions, a cancelled gather,
# futures set by hand, and a _GatheringFuture whose set_result is replaced.
import asyncio
import asyncio.tasks


async def ok(n):
    await asyncio.sleep(n / 10)
    return n


async def bad(n):
    await asyncio.sleep(n / 10)
    raise ValueError(f"bad {n}")


async def main():
    loop = asyncio.get_running_loop()
    print(await asyncio.gather(ok(1), ok(3), ok(2)))
    print(await asyncio.gather(ok(1), bad(2), ok(3), return_exceptions=True))
    try:
        await asyncio.gather(ok(1), bad(2), ok(3))
    except ValueError as e:
        print("ValueError:", e)
    await asyncio.sleep(1)
    t = asyncio.ensure_future(ok(5))
    print(await asyncio.gather(t, t, ok(1)))
    victim = asyncio.ensure_future(ok(9))
    loop.call_later(0.2, victim.cancel)
    print(await asyncio.gather(ok(1), victim, return_exceptions=True))
    g = asyncio.gather(ok(1), ok(8))
    loop.call_later(0.3, g.cancel)
    try:
        await g
    except asyncio.CancelledError:
        print("gather cancelled", g.cancelled())
    f1, f2 = loop.create_future(), loop.create_future()
    loop.call_later(0.1, f2.set_result, "two")
    loop.call_later(0.2, f1.set_result, "one")
    print(await asyncio.gather(f1, f2))
    f3 = loop.create_future()
    loop.call_later(0.1, f3.set_exception, KeyError("k"))
    print(await asyncio.gather(f3, ok(2), return_exceptions=True))
    saved = asyncio.tasks._GatheringFuture.set_result
    def set_result(self, value):
        print("set_result", value)
        saved(self, value)
    asyncio.tasks._GatheringFuture.set_result = set_result
    print(await asyncio.gather(ok(1), ok(2)))
    asyncio.tasks._GatheringFuture.set_result = saved
    results = await asyncio.gather(*[ok(i % 3) for i in range(30)])
    print(sum(results), len(results))


asyncio.run(main())
