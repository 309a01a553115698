# asyncio.futures.wrap_future (C for run_in_executor's call when nothing
# on its way is unusual): a loop class with its own create_future, a
# replaced _chain_future, a Future subclass as asyncio.futures.Future,
# wrap_future called without a loop, of an asyncio future, of a non-future.
import asyncio
import asyncio.futures
import concurrent.futures
import time


def work(n):
    time.sleep(0.1)
    return n * 2


class OwnFutureLoop(asyncio.SelectorEventLoop):
    def create_future(self):
        print('  create_future')
        return super().create_future()


class MyFuture(asyncio.Future):
    pass


async def main(name):
    loop = asyncio.get_running_loop()
    f = loop.run_in_executor(None, work, 1)
    print(name, type(f).__name__, await f, await asyncio.to_thread(work, 2))
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    print(name, 'no loop', await asyncio.futures.wrap_future(pool.submit(work, 3)))
    a = loop.create_future()
    print(name, 'asyncio future', asyncio.futures.wrap_future(a, loop=loop) is a)
    try:
        asyncio.futures.wrap_future(5, loop=loop)
    except AssertionError as exc:
        print(name, 'AssertionError', exc)
    pool.shutdown()


asyncio.run(main('plain'))
loop = OwnFutureLoop()
loop.run_until_complete(main('own create_future'))
loop.close()
real_chain = asyncio.futures._chain_future


def chain(source, destination):
    print('  chain', type(source).__name__, type(destination).__name__)
    real_chain(source, destination)


asyncio.futures._chain_future = chain
asyncio.run(main('replaced chain'))
asyncio.futures._chain_future = real_chain
asyncio.futures.Future = MyFuture
asyncio.run(main('subclass'))
