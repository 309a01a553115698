# Submits to a pool whose workers are all busy, and the ways a pool can
# differ: a subclass, a bigger _max_workers set later, an idle semaphore
# with permits, _threads as a list.
import asyncio
import concurrent.futures as cf
import threading
import time


def work(i):
    time.sleep((i % 3) / 10)
    return i + 100


class MyPool(cf.ThreadPoolExecutor):
    def _adjust_thread_count(self):
        print('  adjust, threads', len(self._threads))
        super()._adjust_thread_count()


async def run(loop, pool, n):
    results = await asyncio.gather(*[loop.run_in_executor(pool, work, i) for i in range(n)])
    return results, len(pool._threads), loop.time()


async def main():
    loop = asyncio.get_running_loop()
    pool = cf.ThreadPoolExecutor(max_workers=2)
    print('full', await run(loop, pool, 6))
    pool._max_workers = 4
    print('grown', await run(loop, pool, 6))
    pool._idle_semaphore = threading.Semaphore(3)
    print('permits', await run(loop, pool, 5), pool._idle_semaphore._value)
    pool._threads = list(pool._threads)
    print('list', await run(loop, pool, 5))
    mine = MyPool(max_workers=1)
    print('subclass', await run(loop, mine, 3))
    for p in (pool, mine):
        p.shutdown()
    print('default', len(await asyncio.gather(*[asyncio.to_thread(work, i) for i in range(20)])), loop.time())


asyncio.run(main())
