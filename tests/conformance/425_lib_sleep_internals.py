# What sleep is made of: loop.create_future (and a patched futures.Future), _set_result_unless_cancelled's arguments.
import asyncio

made = []


class TracingFuture(asyncio.Future):
    def set_result(self, result):
        made.append(('set_result', result))
        super().set_result(result)

    def cancelled(self):
        made.append('cancelled?')
        return super().cancelled()


async def main():
    loop = asyncio.get_running_loop()
    for args, kwargs in [((1,), {}), ((), {'x': 1}), ((), {})]:
        try:
            print(type(loop.create_future(*args, **kwargs)).__name__)
        except TypeError as e:
            print('TypeError:', e)
    try:
        type(loop).create_future()
    except TypeError as e:
        print('TypeError:', e)
    set_unless = asyncio.futures._set_result_unless_cancelled
    for args, kwargs in [((), {}), ((loop.create_future(),), {}), ((1, 2, 3), {}),
                         ((loop.create_future(),), {'fut': 1}), ((), {'fut': 1, 'result': 2, 'x': 3})]:
        try:
            set_unless(*args, **kwargs)
        except TypeError as e:
            print('TypeError:', e)
    f = loop.create_future()
    set_unless(result='kw', fut=f)
    print(f.result())
    original = asyncio.futures.Future
    asyncio.futures.Future = TracingFuture
    print(type(loop.create_future()).__name__)
    print(await asyncio.sleep(0.5, 'traced'), made, loop.time())
    t = asyncio.create_task(asyncio.sleep(1, 'never'))
    await asyncio.sleep(0.25)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print('cancelled', made, loop.time())
    asyncio.futures.Future = original
    print(await asyncio.sleep(2, 'plain'), made, loop.time())


asyncio.run(main())
