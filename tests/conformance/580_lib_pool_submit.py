# ThreadPoolExecutor.submit as run_in_executor and to_thread call it, and
# the ways a call can differ from the usual one: extra arguments and
# keywords, a pool shut down or broken, flags that are falsy but not
# False, a lock of another kind, an instance attribute in place of
# _adjust_thread_count, a subclass, an idle worker to wake.
import asyncio
import concurrent.futures as cf
import threading
import time


def work(i, extra=0, *, key=0):
    time.sleep((i % 3) / 10)
    return i + extra + key


class Noisy:
    def __init__(self, name):
        self.name = name
        self.lock = threading.Lock()

    def __enter__(self):
        print('  enter', self.name)
        return self.lock.__enter__()

    def __exit__(self, *exc):
        print('  exit', self.name)
        return self.lock.__exit__(*exc)


class MyPool(cf.ThreadPoolExecutor):
    def submit(self, fn, /, *args, **kwargs):
        print('  my submit', args, kwargs)
        return super().submit(fn, *args, **kwargs)


async def main():
    loop = asyncio.get_running_loop()
    pool = cf.ThreadPoolExecutor(max_workers=2)
    print('many', sum(await asyncio.gather(*[loop.run_in_executor(pool, work, i) for i in range(8)])), loop.time())
    print('args', await asyncio.wrap_future(pool.submit(work, 1, 10)), loop.time())
    print('kwargs', await asyncio.wrap_future(pool.submit(work, 2, key=20)), loop.time())
    # one at a time: an idle worker waits, so put wakes it
    for i in range(3):
        print('one', await loop.run_in_executor(pool, work, i), loop.time())
    pool._shutdown = 0
    print('falsy', sum(await asyncio.gather(*[loop.run_in_executor(pool, work, i) for i in range(4)])))
    pool._shutdown = False
    pool._shutdown_lock = threading.RLock()
    print('rlock', sum(await asyncio.gather(*[loop.run_in_executor(pool, work, i) for i in range(4)])))
    pool._shutdown_lock = Noisy('shutdown lock')
    print('noisy', sum(await asyncio.gather(*[loop.run_in_executor(pool, work, i) for i in range(3)])))
    pool._shutdown_lock = threading.Lock()
    calls = []
    pool._adjust_thread_count = lambda: calls.append(len(pool._threads))
    print('own adjust', sum(await asyncio.gather(*[loop.run_in_executor(pool, work, i) for i in range(4)])), calls)
    del pool._adjust_thread_count
    pool._broken = 'a worker died'
    try:
        pool.submit(work, 1)
    except Exception as e:
        print('broken', type(e).__name__, e)
    pool._broken = False
    pool.shutdown()
    try:
        await loop.run_in_executor(pool, work, 1)
    except RuntimeError as e:
        print('after shutdown', e)
    mine = MyPool(max_workers=2)
    print('subclass', sum(await asyncio.gather(*[loop.run_in_executor(mine, work, i) for i in range(4)])))
    mine.shutdown()
    print('default', sum(await asyncio.gather(*[asyncio.to_thread(work, i) for i in range(30)])), loop.time())


asyncio.run(main())
