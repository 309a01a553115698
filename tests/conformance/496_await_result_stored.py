# Where the result of `await q.get()`, `await q.put(x)` and `await
# asyncio.sleep(0, v)` goes: a local (deleted, then stored again), an
# expression, a global, an attribute, an unpacking, a closure's cell.
import asyncio

G = None

class Box:
    pass


async def consume(q, n):
    global G
    box, seen, pair = Box(), [], None
    for i in range(n):
        item = await q.get()
        seen.append(item)
        total = 0
        total += await q.get()
        G = await q.get()
        box.value = await q.get()
        a, b = await q.get()
        seen.append((total, G, box.value, a, b))
        print('  got', await q.get(), 'then', (await q.get()) * 2)
        del item
        item = await asyncio.sleep(0, 'slept ' + str(i))
        seen.append(item)
        pair = [await q.get(), await q.get()]
    return seen, pair

async def produce(q, n):
    for i in range(n):
        for k in range(4):
            await q.put(i * 10 + k)
        await q.put((i, -i))
        await q.put('x' + str(i))
        r = await q.put('y' + str(i))
        print('  put returned', r)
        await q.put([i])
        await q.put({i: i})

def counter():
    count = 0
    async def bump(q):
        nonlocal count
        count = await q.get()
        return count
    return bump

async def main():
    for size in (0, 1):
        q = asyncio.Queue(maxsize=size)
        consumer = asyncio.create_task(consume(q, 3))
        await produce(q, 3)
        print(await consumer, q.qsize())
    await q.put(41)
    print('cell', await counter()(q))

asyncio.run(main())
