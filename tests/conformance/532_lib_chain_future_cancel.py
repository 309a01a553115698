# Cancelling a task that awaits to_thread (the chained asyncio future is
# cancelled; the worker's concurrent future runs on), a worker failing
# after its asyncio side was cancelled, and the chain with a replaced
# asyncio.futures.isfuture and a replaced concurrent Future method.
import asyncio
import asyncio.futures
import concurrent.futures
import time


def slow(n, fail=False):
    time.sleep(0.3)
    print('  worker', n, 'done')
    if fail:
        raise RuntimeError(f'failed {n}')
    return n


async def main():
    loop = asyncio.get_running_loop()
    task = asyncio.create_task(asyncio.to_thread(slow, 1))
    await asyncio.sleep(0.1)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print('task cancelled', loop.time())
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    cf = pool.submit(slow, 2, True)
    a = asyncio.wrap_future(cf)
    await asyncio.sleep(0.1)
    a.cancel()
    await asyncio.sleep(0.4)
    print('after failure', a.cancelled(), type(cf.exception()).__name__, loop.time())
    real_isfuture = asyncio.futures.isfuture

    def isfuture(obj):
        print('  isfuture', type(obj).__name__)
        return real_isfuture(obj)

    asyncio.futures.isfuture = isfuture
    print('patched isfuture', await asyncio.wrap_future(pool.submit(slow, 3)))
    asyncio.futures.isfuture = real_isfuture
    real_add = concurrent.futures.Future.add_done_callback

    def add_done_callback(self, fn):
        print('  add', fn.__qualname__)
        real_add(self, fn)

    concurrent.futures.Future.add_done_callback = add_done_callback
    print('patched method', await asyncio.wrap_future(pool.submit(slow, 4)))
    concurrent.futures.Future.add_done_callback = real_add
    print('plain again', await asyncio.wrap_future(pool.submit(slow, 5)), loop.time())
    pool.shutdown()


asyncio.run(main())
