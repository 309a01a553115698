# A task that releases and re-acquires a Lock at once must queue behind waiters.
import asyncio

async def greedy(lock, name, rounds):
    for i in range(rounds):
        async with lock:
            print(f"{name} holds the lock (round {i}) at {asyncio.get_running_loop().time()}")
            await asyncio.sleep(0.1)

async def main():
    lock = asyncio.Lock()
    await asyncio.gather(greedy(lock, "A", 3), greedy(lock, "B", 3), greedy(lock, "C", 2))
    print("-- release without awaiting between --")
    await lock.acquire()
    waiter = asyncio.create_task(greedy(lock, "W", 1))
    await asyncio.sleep(0)
    lock.release()
    print("main released; can main re-acquire first?")
    await lock.acquire()
    print("main re-acquired; waiter done?", waiter.done())
    lock.release()
    await waiter
    shared = {"count": 0}
    async def bump(k):
        for _ in range(3):
            async with lock:
                v = shared["count"]
                await asyncio.sleep(0)
                shared["count"] = v + 1
    await asyncio.gather(*[bump(k) for k in range(4)])
    print("with lock, count =", shared["count"])

asyncio.run(main())
