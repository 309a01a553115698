# LifoQueue and PriorityQueue ordering, with producers and a consumer.
import asyncio

async def drain(q, label):
    out = []
    while not q.empty():
        out.append(await q.get())
    print(label, out)

async def main():
    lq = asyncio.LifoQueue()
    for x in "abcde":
        await lq.put(x)
    await drain(lq, "lifo:")
    pq = asyncio.PriorityQueue()
    for p, name in [(3, "low"), (1, "urgent"), (2, "normal"), (1, "also urgent"), (0, "now")]:
        pq.put_nowait((p, name))
    await drain(pq, "priority:")
    pq2 = asyncio.PriorityQueue(maxsize=2)
    async def producer(items, d):
        for it in items:
            await asyncio.sleep(d)
            await pq2.put(it)
            print("  put", it, "at", asyncio.get_running_loop().time())
    async def consumer():
        got = []
        for _ in range(6):
            await asyncio.sleep(0.25)
            got.append(await pq2.get())
        return got
    r = await asyncio.gather(producer([5, 1, 3], 0.1), producer([4, 0, 2], 0.1), consumer())
    print("consumer got:", r[2])
    print(type(lq).__name__, type(pq).__name__, isinstance(lq, asyncio.Queue))

asyncio.run(main())
