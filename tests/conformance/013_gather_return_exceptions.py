# gather(return_exceptions=True): exceptions become list items.
import asyncio

async def maybe(n):
    await asyncio.sleep(0.1 * n)
    if n % 2:
        raise ValueError(f"odd {n}")
    return n

async def sleepy():
    await asyncio.sleep(10)
    return "never"

async def main():
    res = await asyncio.gather(*[maybe(i) for i in range(5)], return_exceptions=True)
    for r in res:
        print(type(r).__name__, repr(r))
    victim = asyncio.create_task(sleepy())
    async def canceller():
        await asyncio.sleep(0.2)
        victim.cancel()
        return "cancelled it"
    res2 = await asyncio.gather(victim, canceller(), maybe(1), return_exceptions=True)
    print([type(r).__name__ for r in res2])
    print("cancelled item repr:", repr(res2[0]), res2[0].args)
    print("others:", res2[1], repr(res2[2]))
    print("victim.cancelled():", victim.cancelled())
    res3 = await asyncio.gather(return_exceptions=True)
    print("empty:", res3)

asyncio.run(main())
