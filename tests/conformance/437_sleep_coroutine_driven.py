# The coroutine of `await asyncio.sleep(...)` driven from outside (thrown
# into, sent into, closed), in wait_for and gather, and with the names
# sleep's body calls, or its defaults, replaced.
import asyncio
import asyncio.tasks
import types

async def sleeper(delay, *rest):
    return await asyncio.sleep(delay, *rest)

async def finish(t):
    try:
        await t
    except BaseException as e:
        print(type(e).__name__, e)

async def main():
    t = asyncio.create_task(sleeper(5))
    await asyncio.sleep(0)
    inner = t.get_coro().cr_await
    try:
        inner.throw(ValueError('thrown'))
    except ValueError as e:
        print('thrown out:', e)
    print(inner.cr_await, inner.cr_running)
    try:
        inner.send(None)
    except RuntimeError as e:
        print('RuntimeError:', e)
    t.cancel()
    await finish(t)

    t = asyncio.create_task(sleeper(0))
    await asyncio.sleep(0)
    inner = t.get_coro().cr_await
    inner.close()
    print(inner.cr_await)
    await finish(t)

    try:
        await asyncio.wait_for(asyncio.sleep(10), 0.5)
    except asyncio.TimeoutError:
        print('timed out at', asyncio.get_running_loop().time())
    print(await asyncio.gather(asyncio.sleep(0.1, 'a'), asyncio.sleep(0, 'b')))

    saved0 = getattr(asyncio.tasks, '__sleep0')
    @types.coroutine
    def noisy0():
        print('bare yield')
        yield
    setattr(asyncio.tasks, '__sleep0', noisy0)
    print(await asyncio.sleep(0, 'noisy'), await asyncio.sleep(0.25, 'not noisy'))
    setattr(asyncio.tasks, '__sleep0', saved0)
    asyncio.sleep.__defaults__ = ('default',)
    print(await asyncio.sleep(0), await asyncio.sleep(0.1))
    asyncio.sleep.__defaults__ = (None,)
    print(await asyncio.sleep(0), asyncio.get_running_loop().time())

asyncio.run(main())
