# Tasks created in a loop with different delays; sequential vs concurrent.
import asyncio
import time

async def job(i, delay):
    print(f"job {i} start at {time.monotonic():.3f}")
    await asyncio.sleep(delay)
    print(f"job {i} end at {time.monotonic():.3f}")
    return i * 10

async def main():
    t0 = time.monotonic()
    for i in range(3):
        r = await job(i, 0.5)
        print("sequential result", r)
    print(f"sequential took {time.monotonic() - t0:.3f}")
    t0 = time.monotonic()
    delays = [0.3, 0.1, 0.2, 0.1, 0.0, 0.3]
    tasks = []
    for i, d in enumerate(delays):
        tasks.append(asyncio.create_task(job(i, d)))
    results = []
    for t in tasks:
        results.append(await t)
    print("concurrent results", results)
    print(f"concurrent took {time.monotonic() - t0:.3f}")

asyncio.run(main())
