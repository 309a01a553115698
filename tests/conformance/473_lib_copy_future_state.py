# asyncio.futures._copy_future_state as run_in_executor and wrap_future use
# it: results, exceptions, a cancelled asyncio side, a finished or
# cancelled concurrent side, results that are themselves futures.
import asyncio
import concurrent.futures as cf
import time


def work(x):
    time.sleep(0.1)
    if isinstance(x, Exception):
        raise x
    return x


async def main():
    loop = asyncio.get_running_loop()
    print(await loop.run_in_executor(None, work, [1, 2]))
    try:
        await loop.run_in_executor(None, work, KeyError('k'))
    except KeyError as exc:
        print('raised', repr(exc))
    f = loop.run_in_executor(None, work, 'late')
    f.cancel()
    await asyncio.sleep(0.5)
    print('cancelled', f.cancelled())
    done = cf.Future()
    done.set_result(loop.create_future())
    w = asyncio.wrap_future(done)
    print('wrapped', type(await w).__name__, w.done())
    gone = cf.Future()
    gone.cancel()
    try:
        await asyncio.wrap_future(gone)
    except asyncio.CancelledError:
        print('cf cancelled')
    bad = cf.Future()
    bad.set_exception(ValueError('v'))
    try:
        await asyncio.wrap_future(bad)
    except ValueError as exc:
        print('raised', repr(exc))
    print(loop.time())


asyncio.run(main())
