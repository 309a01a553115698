# sleep awaited through create_task, wait_for, timeout, gather, shield, TaskGroup; cancelled while sleeping; a patched loop.
import asyncio

async def inner(d, r):
    return await asyncio.sleep(d, r)

async def sleeper(name, d):
    try:
        await inner(d, name)
    except asyncio.CancelledError as e:
        print(name, 'cancelled', e.args, asyncio.get_running_loop().time())
        raise

async def main():
    loop = asyncio.get_running_loop()
    t = asyncio.create_task(asyncio.sleep(1, 'task'))
    print(await t, t.get_coro().__qualname__, loop.time())
    print(await asyncio.gather(asyncio.sleep(2, 'a'), inner(1, 'b'), asyncio.sleep(0, 'c')), loop.time())
    print(await asyncio.wait_for(asyncio.sleep(1, 'in time'), 5), loop.time())
    print(await asyncio.shield(asyncio.sleep(0.5, 'shielded')), loop.time())
    async with asyncio.timeout(10):
        print(await asyncio.sleep(2, 'under timeout'), loop.time())
    try:
        async with asyncio.timeout(0.5):
            await inner(3, 'late')
    except TimeoutError:
        print('timeout', loop.time())
    s = asyncio.create_task(sleeper('s', 10))
    await asyncio.sleep(1)
    print(s.cancel('stop it'), s.cancelled())
    try:
        await s
    except asyncio.CancelledError as e:
        print('awaited', e.args, s.cancelled(), loop.time())
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(asyncio.sleep(1, 'tg-a'))
        b = tg.create_task(sleeper('tg-b', 0.5))
    print(a.result(), b.result(), loop.time())
    z = asyncio.create_task(asyncio.sleep(0))
    await asyncio.sleep(0)
    z.cancel()
    await asyncio.sleep(0)
    print('sleep(0) task', z.cancelled(), z.done())
    made = []
    def create_future():
        made.append(loop.time())
        return asyncio.Future()
    loop.create_future = create_future
    def call_later(delay, cb, *args):
        print('call_later', delay, cb.__name__, args[1:])
        return loop.call_at(loop.time() + delay, cb, *args)
    loop.call_later = call_later
    print(await asyncio.sleep(0.25, 'patched'), made, loop.time())
    del loop.create_future, loop.call_later
    print(await asyncio.sleep(0.25, 'unpatched'), made, loop.time())

asyncio.run(main())
