# The forms a zero sleep takes: sleep(0), sleep(0.0), sleep(-1), sleep(False),
# sleep(0, value) and sleep(0, result=value), a coroutine made first and
# awaited later, a sleep replaced on the module and put back, and sleeps
# awaited through a helper coroutine, with tasks interleaving.
import asyncio

order = []


async def helper(name, delay):
    r = await asyncio.sleep(delay)
    order.append((name, "helper", r))
    return r


async def forms(name):
    a = await asyncio.sleep(0)
    b = await asyncio.sleep(0.0)
    c = await asyncio.sleep(-1)
    d = await asyncio.sleep(False)
    e = await asyncio.sleep(0, name)
    f = await asyncio.sleep(0, result=name + "!")
    coro = asyncio.sleep(0, "later")
    order.append((name, "made"))
    g = await coro
    h = await helper(name, 0)
    order.append((name, a, b, c, d, e, f, g, h))
    return name


async def main():
    results = await asyncio.gather(forms("x"), forms("y"))
    print(results)
    for item in order:
        print(item)
    real = asyncio.sleep

    async def fake(delay, result=None):
        print("fake sleep", delay, result)
        return "faked"

    asyncio.sleep = fake
    try:
        print(await asyncio.sleep(0))
        print(await asyncio.sleep(0, 5))
    finally:
        asyncio.sleep = real
    print(await asyncio.sleep(0), await asyncio.sleep(0, "back"))
    loop = asyncio.get_running_loop()
    print(loop.time())


asyncio.run(main())
