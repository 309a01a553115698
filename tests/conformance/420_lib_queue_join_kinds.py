# join/task_done with several workers and joiners, task_done() too many
# times, PriorityQueue/LifoQueue with bounded puts, put() a coroutine.
import asyncio

async def worker(q, name, log):
    while True:
        item = await q.get()
        await asyncio.sleep(0.01 * (item % 3))
        log.append((name, item))
        q.task_done()

async def joiner(q, name):
    await q.join()
    print(name, "joined at", asyncio.get_running_loop().time())

async def main():
    q = asyncio.Queue(3)
    log = []
    ws = [asyncio.create_task(worker(q, f"w{i}", log)) for i in range(2)]
    js = [asyncio.create_task(joiner(q, f"j{i}")) for i in range(2)]
    for i in range(10):
        await q.put(i)
    print("all put", str(q))
    await q.join()
    print("log", log)
    await asyncio.sleep(0)
    for w in ws:
        w.cancel()
    try:
        q.task_done()
    except ValueError as e:
        print("ValueError:", e)
    coro = q.put(1)
    print("iscoroutine", asyncio.iscoroutine(coro), type(coro).__name__)
    coro.close()
    print("qsize", q.qsize(), "joined now", await q.join())
    pq = asyncio.PriorityQueue(2)
    lq = asyncio.LifoQueue(2)
    async def fill(target, items):
        for it in items:
            await target.put(it)
            print(" ", type(target).__name__, "put", it)
    t1 = asyncio.create_task(fill(pq, [(3, "c"), (1, "a"), (2, "b"), (0, "z")]))
    t2 = asyncio.create_task(fill(lq, [1, 2, 3, 4]))
    await asyncio.sleep(0)
    print("pq", str(pq), "lq", str(lq))
    out = []
    for _ in range(4):
        out.append((pq.get_nowait(), lq.get_nowait()))
        await asyncio.sleep(0)
    await asyncio.gather(t1, t2)
    print("out", out, pq.qsize(), lq.qsize())
    for name in ("task_done", "qsize", "put_nowait"):
        print(name, callable(getattr(pq, name)))
    try:
        pq.get_nowait()
    except asyncio.QueueEmpty as e:
        print("QueueEmpty", repr(e))

asyncio.run(main())
