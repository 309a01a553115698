# threads: to_thread calls (time.sleep in worker threads) next to asyncio sleeps.
import asyncio
import time

CALLS = 2000


def blocking(i):
    time.sleep((i % 4) / 10)
    return i


async def sleeper(i):
    await asyncio.sleep((i % 3) / 10)
    return -i


async def main():
    jobs = []
    for i in range(CALLS):
        jobs.append(asyncio.to_thread(blocking, i))
        jobs.append(sleeper(i))
    results = await asyncio.gather(*jobs)
    print(sum(results), asyncio.get_running_loop().time())


asyncio.run(main())
