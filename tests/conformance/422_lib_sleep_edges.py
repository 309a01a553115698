# asyncio.sleep's edges: result=, bool/int/float/negative/huge delays, bad delays, internals.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    print(await asyncio.sleep(0.5, 'half'), loop.time())
    print(await asyncio.sleep(1, result=[1, 2]), loop.time())
    print(await asyncio.sleep(True, 'bool'), loop.time())
    print(await asyncio.sleep(False, 'false'), loop.time())
    print(await asyncio.sleep(0, 'zero'), await asyncio.sleep(-3, 'neg'), loop.time())
    print(await asyncio.sleep(-0.0), await asyncio.sleep(0.0, result=None), loop.time())
    print(await asyncio.sleep(delay=0.25, result='kw'), loop.time())
    for bad in ['1', None, [1], (0.5,)]:
        try:
            await asyncio.sleep(bad)
        except TypeError as e:
            print('TypeError:', e)
    try:
        await asyncio.sleep()
    except TypeError as e:
        print('TypeError:', e)
    try:
        await asyncio.sleep(1, 2, 3)
    except TypeError as e:
        print('TypeError:', e)
    try:
        await asyncio.wait_for(asyncio.sleep(1e300), 2)
    except TimeoutError:
        print('huge delay timed out at', loop.time())
    c0 = asyncio.sleep(0)
    print(asyncio.iscoroutinefunction(asyncio.sleep), asyncio.iscoroutine(c0))
    c0.close()
    coro = asyncio.sleep(3)
    print(type(coro).__name__, coro.__qualname__)
    coro.close()
    f = loop.create_future()
    print(type(f).__name__, f.get_loop() is loop, f.done())
    asyncio.futures._set_result_unless_cancelled(f, 'set')
    print(f.result())
    g = loop.create_future()
    g.cancel()
    asyncio.futures._set_result_unless_cancelled(g, 'ignored')
    print(g.cancelled())
    try:
        asyncio.futures._set_result_unless_cancelled(f, 'again')
    except asyncio.InvalidStateError as e:
        print('InvalidStateError:', e)
    h = loop.call_later(5, asyncio.futures._set_result_unless_cancelled, loop.create_future(), 1)
    print(h.when(), h.cancelled())
    h.cancel()
    print(h.cancelled(), loop.time())


asyncio.run(main())
