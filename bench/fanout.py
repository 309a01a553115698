# fanout: many tasks, each awaiting many sleeps of varied length, gathered.
# The size is TASKS = 10000, SLEEPS = 100 (bench/run.py --full).
import asyncio

TASKS = 10000
SLEEPS = 100


async def worker(i):
    total = 0
    for k in range(SLEEPS):
        await asyncio.sleep(((i * 7 + k * 13) % 10) / 10)
        total += k
    return total


async def main():
    results = await asyncio.gather(*[worker(i) for i in range(TASKS)])
    print(len(results), sum(results), asyncio.get_running_loop().time())


asyncio.run(main())
