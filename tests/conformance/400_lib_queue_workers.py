# asyncio.Queue/PriorityQueue/LifoQueue: bounded producers and consumers, join/task_done, QueueFull/QueueEmpty.
import asyncio

async def producer(q, n):
    for i in range(n):
        await q.put(i)
        print("put", i, q.qsize())
        await asyncio.sleep(0.1)
    await q.put(None)

async def consumer(q, name):
    while True:
        item = await q.get()
        if item is None:
            q.task_done()
            await q.put(None)
            break
        print(name, "got", item)
        await asyncio.sleep(0.25)
        q.task_done()

async def main():
    q = asyncio.Queue(maxsize=2)
    print(q)
    t = [asyncio.create_task(consumer(q, f"c{i}")) for i in range(2)]
    await producer(q, 6)
    await asyncio.gather(*t)
    print("done", q.qsize(), q.empty(), q.full())
    pq = asyncio.PriorityQueue()
    for x in [(3, 'c'), (1, 'a'), (2, 'b'), (1, 'aa')]:
        pq.put_nowait(x)
    print([pq.get_nowait() for _ in range(4)])
    lq = asyncio.LifoQueue()
    for x in range(3): lq.put_nowait(x)
    print([lq.get_nowait() for _ in range(3)])
    try:
        lq.get_nowait()
    except asyncio.QueueEmpty as e:
        print("empty", repr(e))
    fq = asyncio.Queue(1); fq.put_nowait(1)
    try:
        fq.put_nowait(2)
    except asyncio.QueueFull as e:
        print("full", repr(e))
    print(str(fq))
    try:
        await asyncio.wait_for(q.get(), 0.5)
    except asyncio.TimeoutError:
        print("timeout on get")
    j = asyncio.Queue()
    async def worker():
        while True:
            x = await j.get()
            await asyncio.sleep(x)
            print("processed", x)
            j.task_done()
    ws = [asyncio.create_task(worker()) for _ in range(3)]
    for x in [0.3, 0.1, 0.2, 0.4]:
        j.put_nowait(x)
    await j.join()
    print("joined")
    for w in ws: w.cancel()
    r = await asyncio.gather(*ws, return_exceptions=True)
    print(r)

asyncio.run(main())
