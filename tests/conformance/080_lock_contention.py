# asyncio.Lock: FIFO contention order, locked(), async with.
import asyncio

async def user(lock, name, hold):
    print(name, "wants the lock; locked?", lock.locked())
    async with lock:
        print(name, "got it at", asyncio.get_running_loop().time())
        await asyncio.sleep(hold)
        print(name, "releases")
    return name

async def main():
    lock = asyncio.Lock()
    print("initially locked?", lock.locked())
    names = ["w1", "w2", "w3", "w4"]
    tasks = [asyncio.create_task(user(lock, n, 0.5)) for n in names]
    await asyncio.sleep(0)
    print("after first round, locked?", lock.locked())
    print(await asyncio.gather(*tasks))
    print("locked at end?", lock.locked())
    await lock.acquire()
    print("manual acquire; locked?", lock.locked())
    waiter = asyncio.create_task(user(lock, "late", 0))
    await asyncio.sleep(1)
    print("late still waiting; done?", waiter.done())
    lock.release()
    print("released; locked right after release?", lock.locked())
    await waiter
    try:
        lock.release()
    except RuntimeError as e:
        print("release unlocked:", e)
    print("end at", asyncio.get_running_loop().time())

asyncio.run(main())
