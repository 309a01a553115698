# Queue with several producers and consumers; None sentinels end consumers.
import asyncio

async def producer(q, name, items, delay):
    for i in range(items):
        await asyncio.sleep(delay)
        item = f"{name}-{i}"
        await q.put(item)
        print(f"{name} put {item} qsize={q.qsize()}")

async def consumer(q, name, log):
    while True:
        item = await q.get()
        if item is None:
            print(name, "got sentinel, stopping")
            return name
        print(f"{name} got {item} at {asyncio.get_running_loop().time():.2f}")
        log.append(item)
        await asyncio.sleep(0.15)

async def main():
    q = asyncio.Queue()
    log = []
    cons = [asyncio.create_task(consumer(q, f"c{i}", log)) for i in range(2)]
    await asyncio.gather(producer(q, "p", 3, 0.1), producer(q, "r", 2, 0.25))
    print("producers done; qsize", q.qsize(), "empty?", q.empty())
    for _ in cons:
        await q.put(None)
    print(await asyncio.gather(*cons))
    print("consumed", len(log), "items:", log)
    print("maxsize", q.maxsize, "full?", q.full())

asyncio.run(main())
