# Deadlocks: get() from a queue nobody fills, after some timers ran out.
import asyncio

async def consumer(q):
    total = 0
    while True:
        item = await q.get()
        total += item
        print("got", item, "total", total, "at", asyncio.get_running_loop().time())

async def producer(q):
    for i in range(3):
        await asyncio.sleep(0.5)
        await q.put(i + 1)
    print("producer finished; consumer will wait forever")

async def main():
    q = asyncio.Queue()
    c = asyncio.create_task(consumer(q))
    await producer(q)
    lock = asyncio.Lock()
    await lock.acquire()
    print("main acquires the lock a second time")
    await lock.acquire()
    print("not reached")

asyncio.run(main())
