# put()/get() cancelled while waiting: the waiter leaves, the turn passes
# on; wait_for and timeout around get and put; many waiters in order.
import asyncio

async def getter(q, name):
    try:
        item = await q.get()
        print(name, "got", item)
    except asyncio.CancelledError:
        print(name, "cancelled; qsize", q.qsize())
        raise

async def putter(q, name, item):
    try:
        await q.put(item)
        print(name, "put", item)
    except asyncio.CancelledError:
        print(name, "cancelled; qsize", q.qsize())
        raise

async def main():
    q = asyncio.Queue()
    gs = [asyncio.create_task(getter(q, f"g{i}")) for i in range(4)]
    await asyncio.sleep(0)
    gs[1].cancel()
    q.put_nowait("x")
    gs[0].cancel()
    await asyncio.sleep(0)
    q.put_nowait("y")
    await asyncio.sleep(0)
    print("left", q.qsize(), [g.done() for g in gs], str(q))
    try:
        await asyncio.wait_for(q.get(), 0.5)
    except TimeoutError:
        print("wait_for get timed out at", asyncio.get_running_loop().time())
    q.put_nowait("z")
    await asyncio.sleep(0)
    print("gs[3] done", gs[3].done())
    f = asyncio.Queue(1)
    f.put_nowait(0)
    ps = [asyncio.create_task(putter(f, f"p{i}", i + 1)) for i in range(3)]
    await asyncio.sleep(0)
    print("putters waiting", str(f))
    print("got", f.get_nowait())
    ps[0].cancel()
    await asyncio.sleep(0)
    print("after cancel", str(f), [p.done() for p in ps])
    try:
        async with asyncio.timeout(1):
            await f.put(99)
    except TimeoutError:
        print("timeout put at", asyncio.get_running_loop().time(), str(f))
    while not f.empty() or not all(p.done() for p in ps):
        print("drain", await f.get())
        await asyncio.sleep(0)
    print("end", str(f), [p.cancelled() for p in ps])

asyncio.run(main())
