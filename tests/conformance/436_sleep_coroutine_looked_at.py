# The coroutine of `await asyncio.sleep(...)` as a scenario can see it:
# results, odd delays, the await chain while suspended in sleep(0) and in
# sleep(d), and cancellation there, before and after cr_await is read.
import asyncio


async def sleeper(delay, *rest):
    return await asyncio.sleep(delay, *rest)


def chain(task):
    coro, links = task.get_coro(), []
    while coro is not None and len(links) < 5:
        name = type(coro).__name__
        links.append(f'{name}:{coro.__qualname__}' if hasattr(coro, '__qualname__') else name)
        coro = getattr(coro, 'cr_await', None) or getattr(coro, 'gi_yieldfrom', None)
    return links


async def main():
    print(await asyncio.sleep(0, 'zero'), await asyncio.sleep(0.01, 'small'))
    print(await asyncio.sleep(-1, 'negative'), await asyncio.sleep(-0.0, 'minus zero'))
    print(await asyncio.sleep(1), await asyncio.sleep(False, 'false'))
    print(await asyncio.sleep(True, 'true'), await asyncio.sleep(delay=0, result='kw'))
    print(await sleeper(0.5, [1, 2]), asyncio.get_running_loop().time())

    t0 = asyncio.create_task(sleeper(0))
    t1 = asyncio.create_task(sleeper(3, 'late'))
    await asyncio.sleep(0)
    print(chain(t0))
    print(chain(t1))
    inner = t1.get_coro().cr_await
    print(inner.cr_running, inner.__name__, repr(inner).startswith('<coroutine object sleep at 0x'))
    print(await t0, await t1)

    for delay in (0, 2):
        t = asyncio.create_task(sleeper(delay))
        await asyncio.sleep(0)
        t.cancel('stop it')
        try:
            await t
        except asyncio.CancelledError as e:
            print('cancelled', delay, e.args, t.cancelled())

    for delay in (0, 2):
        t = asyncio.create_task(sleeper(delay, 'went on'))
        await asyncio.sleep(0)
        print(type(t.get_coro().cr_await.cr_await).__name__)
        print(await t)
    t = asyncio.create_task(sleeper(2))
    await asyncio.sleep(0)
    t.get_coro().cr_await.cr_await
    t.cancel()
    print((await asyncio.gather(t, return_exceptions=True))[0].__class__.__name__)
    print(asyncio.get_running_loop().time())


asyncio.run(main())
