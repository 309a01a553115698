# Semaphore limits concurrency; BoundedSemaphore raises ValueError on over-release.
import asyncio

async def download(sem, i, active):
    async with sem:
        active.append(i)
        print(f"start {i} at {asyncio.get_running_loop().time():.1f} active={sorted(active)}")
        await asyncio.sleep(0.5 + 0.1 * (i % 3))
        active.remove(i)
        print(f"end {i}")

async def main():
    sem = asyncio.Semaphore(3)
    print("locked?", sem.locked())
    active = []
    await asyncio.gather(*[download(sem, i, active) for i in range(7)])
    print("all downloads done at", asyncio.get_running_loop().time())
    s = asyncio.Semaphore(1)
    await s.acquire()
    print("value-1 semaphore locked?", s.locked())
    s.release()
    s.release()
    print("plain Semaphore allows extra release; locked?", s.locked())
    await s.acquire()
    await s.acquire()
    print("acquired twice; locked?", s.locked())
    b = asyncio.BoundedSemaphore(2)
    await b.acquire()
    b.release()
    try:
        b.release()
    except ValueError as e:
        print("BoundedSemaphore:", type(e).__name__, e)
    try:
        asyncio.Semaphore(-1)
    except ValueError as e:
        print("negative:", e)
    z = asyncio.Semaphore(0)
    loop = asyncio.get_running_loop()
    loop.call_later(1, z.release)
    await z.acquire()
    print("zero semaphore released by timer at", loop.time())

asyncio.run(main())
