# wrap_future before the program imports concurrent.futures (a wrong
# argument, so the library imports it itself), then with futures from a
# program's own ThreadPoolExecutor, finished, failed and cancelled ones,
# and run_in_executor on that pool next to the default executor.
import asyncio
import time


def work(x):
    time.sleep(0.1)
    if x < 0:
        raise ValueError(x)
    return x + 1


async def main():
    loop = asyncio.get_running_loop()
    try:
        asyncio.wrap_future(42)
    except AssertionError as exc:
        print('assert:', exc)
    fut = loop.create_future()
    print('same', asyncio.wrap_future(fut) is fut)
    import concurrent.futures as cf
    with cf.ThreadPoolExecutor(max_workers=2) as pool:
        futs = [asyncio.wrap_future(pool.submit(work, i)) for i in range(4)]
        print(await asyncio.gather(*futs))
        print(await loop.run_in_executor(pool, work, 10))
        print(await asyncio.gather(loop.run_in_executor(pool, work, -1),
                                   loop.run_in_executor(None, work, 3),
                                   return_exceptions=True))
    done = cf.Future()
    done.set_result('ready')
    print(await asyncio.wrap_future(done, loop=loop))
    gone = cf.Future()
    wrapped = asyncio.wrap_future(gone)
    wrapped.cancel()
    await asyncio.sleep(0)
    print('cf cancelled', gone.cancelled(), wrapped.cancelled())
    print(loop.time())


asyncio.run(main())
