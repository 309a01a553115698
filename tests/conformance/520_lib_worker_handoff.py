# A pool's workers between items: the executor's weak reference each asks
# for, the idle semaphore a submit tries with timeout=0, weak references
# of other kinds, and a class that shadows the semaphore's acquire.
import asyncio
import concurrent.futures as cf
import threading
import time
import weakref


class Box:
    def method(self):
        return 'method'


class MyRef(weakref.ref):
    pass


def work(i):
    time.sleep((i % 3) / 10)
    return i * i


async def main():
    loop = asyncio.get_running_loop()
    pool = cf.ThreadPoolExecutor(max_workers=2)
    results = await asyncio.gather(*[loop.run_in_executor(pool, work, i) for i in range(7)])
    print('pool', results, loop.time())
    results = await asyncio.gather(*[asyncio.to_thread(work, i) for i in range(15)])
    print('default', results, loop.time())
    sem = threading.Semaphore(0)
    print('acquire', [sem.acquire(timeout=0) for _ in range(3)])
    sem.release()
    print('after release', sem.acquire(timeout=0), sem.acquire(timeout=0))
    box = Box()
    r, mine, wm = weakref.ref(box), MyRef(box), weakref.WeakMethod(box.method)
    print('refs', r() is box, mine() is box, wm()(), type(mine).__name__)

    class Sem(threading.Semaphore):
        def acquire(self, blocking=True, timeout=None):
            print('  own acquire', timeout)
            return super().acquire(blocking, timeout)

    pool2 = cf.ThreadPoolExecutor(max_workers=1)
    pool2._idle_semaphore = Sem(0)
    print('own sem', await loop.run_in_executor(pool2, work, 4), await loop.run_in_executor(pool2, work, 5))
    pool.shutdown()
    pool2.shutdown()
    print('done', loop.time())


asyncio.run(main())
