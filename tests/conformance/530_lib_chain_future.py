# wrap_future's chaining of a concurrent future to an asyncio one (C when
# both are the library's exact classes): results, an exception in the
# worker, cancellation from the asyncio side (the concurrent future is
# cancelled while queued, not while running) and from the concurrent side.
import asyncio
import concurrent.futures
import time


def work(n):
    time.sleep(0.1 * n)
    if n == 3:
        raise ValueError(f'bad {n}')
    return n * 10


async def main():
    loop = asyncio.get_running_loop()
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    cfuts = [pool.submit(work, n) for n in range(1, 6)]
    afuts = [asyncio.wrap_future(c) for c in cfuts]
    print('callbacks', [c._done_callbacks[0].__qualname__ for c in cfuts])
    print('same loop', all(a.get_loop() is loop for a in afuts))
    afuts[3].cancel()                    # queued: its concurrent future too
    await asyncio.sleep(0)
    print('queued cancel', cfuts[3].cancelled(), afuts[3].cancelled())
    afuts[0].cancel()                    # running: the worker goes on
    await asyncio.sleep(0)
    print('running cancel', cfuts[0].cancelled(), cfuts[0].running())
    print('cf cancel', cfuts[4].cancel())
    await asyncio.sleep(0)
    print('asyncio side', afuts[4].cancelled())
    for i, a in enumerate(afuts):
        try:
            print(i, 'result', await a)
        except asyncio.CancelledError:
            print(i, 'cancelled')
        except ValueError as exc:
            print(i, 'error', exc, type(a.exception()).__name__)
    print('cf results', [c.cancelled() or c.exception() or c.result() for c in cfuts])
    pool.shutdown()
    results = await asyncio.gather(*[asyncio.to_thread(work, n) for n in (1, 2, 4)])
    print('to_thread', results, loop.time())
    try:
        await asyncio.to_thread(work, 3)
    except ValueError as exc:
        print('to_thread error', exc)
    try:
        asyncio.futures._chain_future(1, loop.create_future())
    except TypeError as exc:
        print('TypeError', exc)
    try:
        asyncio.futures._chain_future(cfuts[1], 'x')
    except TypeError as exc:
        print('TypeError', exc)


asyncio.run(main())
