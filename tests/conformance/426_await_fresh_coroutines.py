# `await f(x)` of coroutines that return at once, raise, suspend, recurse,
# or are cancelled while suspended deeper down the chain.
import asyncio


async def leaf(x):
    if x < 0:
        raise ValueError(f'negative {x}')
    return x * 2


async def stopper():
    raise StopIteration('inside')


async def sleeper(n):
    await asyncio.sleep(0.1)
    return n + 1


async def chain(n):
    a = await leaf(n)
    b = await sleeper(a)
    return await leaf(b)


async def deep(n):
    if n == 0:
        await asyncio.sleep(0)
        return 0
    return 1 + await deep(n - 1)


async def inner_forever(log):
    try:
        while True:
            await asyncio.sleep(1)
    finally:
        log.append('inner finally')


async def forever(log):
    try:
        await inner_forever(log)
    finally:
        log.append('outer finally')


async def main():
    print(await chain(3), await deep(40))
    try:
        await leaf(-1)
    except ValueError as e:
        print('caught', e)
    try:
        await stopper()
    except RuntimeError as e:
        print('RuntimeError', e, repr(e.__cause__))
    try:
        try:
            raise KeyError('k')
        except KeyError:
            await leaf(-2)
    except ValueError as e:
        print('context', repr(e.__context__))
    log = []
    t = asyncio.create_task(forever(log))
    await asyncio.sleep(0.5)
    aw = t.get_coro().cr_await
    print('awaiting', aw.__qualname__, aw.cr_await.__qualname__)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print('cancelled', log)
    print(await asyncio.gather(*[chain(i) for i in range(3)]))
    try:
        await leaf(1, 2)
    except TypeError as e:
        print('TypeError', e)
    print('time', asyncio.get_running_loop().time())


asyncio.run(main())
