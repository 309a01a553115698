# Queue(maxsize): put blocks while full; get wakes the blocked putter.
import asyncio

async def fast_producer(q):
    for i in range(6):
        print(f"put {i}: full? {q.full()} qsize={q.qsize()}")
        await q.put(i)
        print(f"put {i} done at {asyncio.get_running_loop().time():.1f}")
    await q.put(None)

async def slow_consumer(q):
    while True:
        await asyncio.sleep(0.5)
        item = await q.get()
        print(f"  got {item} at {asyncio.get_running_loop().time():.1f}, qsize now {q.qsize()}")
        if item is None:
            break

async def main():
    q = asyncio.Queue(maxsize=2)
    print("maxsize", q.maxsize, "empty", q.empty(), "full", q.full())
    await asyncio.gather(fast_producer(q), slow_consumer(q))
    q1 = asyncio.Queue(1)
    await q1.put("x")
    try:
        await asyncio.wait_for(q1.put("y"), 0.3)
    except TimeoutError:
        print("put timed out; qsize", q1.qsize(), "item", q1.get_nowait())
    q0 = asyncio.Queue(0)
    for i in range(100):
        q0.put_nowait(i)
    print("maxsize 0 is unbounded:", q0.qsize(), q0.full())

asyncio.run(main())
