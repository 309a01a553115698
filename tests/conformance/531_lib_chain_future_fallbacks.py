# wrap_future when something on _chain_future's way is not the library's:
# a concurrent Future subclass, an asyncio Future subclass as destination,
# a loop whose call_soon_threadsafe is replaced on the instance, a
# replaced asyncio.futures._get_loop, a concurrent future already done,
# and run_coroutine_threadsafe (the chain the other way).
import asyncio
import asyncio.futures
import concurrent.futures
import time


class LoudFuture(concurrent.futures.Future):
    def add_done_callback(self, fn):
        print('  cf add_done_callback', fn.__name__)
        super().add_done_callback(fn)


class MyFuture(asyncio.Future):
    pass


def work(n):
    time.sleep(0.1)
    return n


async def main():
    loop = asyncio.get_running_loop()
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=2)
    loud = LoudFuture()
    a = asyncio.wrap_future(loud)
    loud.set_result('loud')
    print('subclass', await a)
    mine = MyFuture()
    cf = pool.submit(work, 'mine')
    asyncio.futures._chain_future(cf, mine)
    print('destination subclass', await mine)
    original = loop.call_soon_threadsafe

    def traced(callback, *args, context=None):
        print('  threadsafe', callback.__name__, len(args))
        return original(callback, *args, context=context)

    loop.call_soon_threadsafe = traced
    print('patched loop', await asyncio.wrap_future(pool.submit(work, 'patched')))
    del loop.call_soon_threadsafe
    real_get_loop = asyncio.futures._get_loop

    def get_loop(fut):
        print('  _get_loop', type(fut).__name__)
        return real_get_loop(fut)

    asyncio.futures._get_loop = get_loop
    print('patched _get_loop', await asyncio.wrap_future(pool.submit(work, 'get_loop')))
    asyncio.futures._get_loop = real_get_loop
    done = concurrent.futures.Future()
    done.set_exception(KeyError('early'))
    try:
        await asyncio.wrap_future(done)
    except KeyError as exc:
        print('done first', repr(exc))
    pool.shutdown()


def in_thread(loop):
    fut = asyncio.run_coroutine_threadsafe(asyncio.sleep(0.2, 'slept'), loop)
    return fut.result()


async def other():
    loop = asyncio.get_running_loop()
    print('threadsafe', await asyncio.to_thread(in_thread, loop), loop.time())


asyncio.run(main())
asyncio.run(other())
