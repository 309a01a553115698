# Lock, Event, Semaphore, BoundedSemaphore, Condition and Barrier: wake-up order and cancelled waiters.
import asyncio

async def locker(lock, name, d):
    print(name, "wants", lock.locked())
    async with lock:
        print(name, "has it")
        await asyncio.sleep(d)
    print(name, "released")

async def waiter(ev, name):
    print(name, "waiting")
    await ev.wait()
    print(name, "woke", ev.is_set())

async def sem_user(sem, name):
    async with sem:
        print(name, "in sem", sem.locked())
        await asyncio.sleep(0.1)
    print(name, "out")

async def cond_consumer(cond, items, name):
    async with cond:
        await cond.wait_for(lambda: items)
        print(name, "consumed", items.pop(0))

async def main():
    lock = asyncio.Lock()
    await asyncio.gather(locker(lock, "a", 0.2), locker(lock, "b", 0.1), locker(lock, "c", 0))
    ev = asyncio.Event()
    ts = [asyncio.create_task(waiter(ev, f"w{i}")) for i in range(3)]
    await asyncio.sleep(0.5)
    ev.set()
    await asyncio.gather(*ts)
    ev.clear(); print(ev.is_set())
    sem = asyncio.Semaphore(2)
    await asyncio.gather(*(sem_user(sem, f"s{i}") for i in range(5)))
    bs = asyncio.BoundedSemaphore(1)
    await bs.acquire(); bs.release()
    try:
        bs.release()
    except ValueError as e:
        print("bounded:", e)
    cond = asyncio.Condition()
    items = []
    cs = [asyncio.create_task(cond_consumer(cond, items, f"k{i}")) for i in range(3)]
    await asyncio.sleep(0.1)
    for i in range(3):
        async with cond:
            items.append(i)
            cond.notify()
        await asyncio.sleep(0.1)
    await asyncio.gather(*cs)
    # cancellation of lock waiter
    lock2 = asyncio.Lock()
    await lock2.acquire()
    t = asyncio.create_task(lock2.acquire())
    await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("lock waiter cancelled")
    lock2.release()
    print(lock2.locked())
    try:
        lock2.release()
    except RuntimeError as e:
        print(e)
    b = asyncio.Barrier(3)
    async def bw(i):
        await asyncio.sleep(i * 0.1)
        r = await b.wait()
        print("barrier", i, "index", r)
    await asyncio.gather(*(bw(i) for i in range(3)))
    print(b.n_waiting, b.broken, b.parties)

asyncio.run(main())
