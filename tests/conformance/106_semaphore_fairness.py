# Semaphore waiters wake FIFO; cancelled waiters are skipped; release(n) loops.
import asyncio

async def user(sem, name, hold, log):
    try:
        async with sem:
            log.append(name)
            print(f"{name} in at {asyncio.get_running_loop().time():.1f}, locked={sem.locked()}")
            await asyncio.sleep(hold)
    except asyncio.CancelledError:
        print(name, "cancelled while waiting")
        raise

async def main():
    sem = asyncio.Semaphore(2)
    log = []
    ts = [asyncio.create_task(user(sem, f"u{i}", 1, log)) for i in range(6)]
    await asyncio.sleep(0.5)
    ts[3].cancel()
    await asyncio.gather(*ts, return_exceptions=True)
    print("entry order:", log)
    s = asyncio.Semaphore(0)
    async def taker(i):
        await s.acquire()
        print("taker", i, "acquired")
    takers = [asyncio.create_task(taker(i)) for i in range(4)]
    await asyncio.sleep(0.1)
    s.release()
    s.release()
    s.release()
    print("released 3 in a row; locked?", s.locked())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("takers done:", [t.done() for t in takers])
    s.release()
    await asyncio.gather(*takers)
    greedy = asyncio.Semaphore(1)
    async def hog(name):
        for i in range(2):
            async with greedy:
                print(name, "round", i)
                await asyncio.sleep(0)
    await asyncio.gather(hog("A"), hog("B"))

asyncio.run(main())
