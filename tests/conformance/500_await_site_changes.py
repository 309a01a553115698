# `await obj.put(x)` / `await obj.get()` sites meeting asyncio.Queue, a subclass,
# a plain class; `await mod.sleep(d)` meeting asyncio and a class of our own.
import asyncio


class Box:
    def __init__(self):
        self.items = []

    async def put(self, x):
        await asyncio.sleep(0.1)
        self.items.append(x)

    async def get(self):
        return self.items.pop(0)


class LoudQueue(asyncio.Queue):
    async def put(self, x):
        print("loud put", x)
        await super().put(x)


async def put_into(target, x):
    await target.put(x)


async def take(target):
    return await target.get()


async def nap(mod, d):
    await mod.sleep(d)


class FakeClock:
    async def sleep(self, d):
        print("fake sleep", d)


async def main():
    q = asyncio.Queue(maxsize=3)
    targets = [q, q, Box(), LoudQueue(), q, Box()]
    for i, t in enumerate(targets):
        await put_into(t, i)
    print(q.qsize(), await take(q), await take(q), await take(q))
    try:
        for x in range(9, 13):
            await asyncio.wait_for(put_into(q, x), 0.5)
    except asyncio.TimeoutError:
        print("full at", q.qsize(), asyncio.get_running_loop().time())
    for t in targets[2:4] + targets[5:]:
        print(type(t).__name__, await take(t))
    for m in [asyncio, asyncio, FakeClock(), asyncio]:
        await nap(m, 0.25)
    print("done at", asyncio.get_running_loop().time())


asyncio.run(main())
