# A task awaiting Future subclasses: plain ones (the C Future's methods,
# which the task's step and wake-up use directly), ones overriding
# add_done_callback or result, an instance's own result, a gather.
import asyncio


class Plain(asyncio.Future):
    pass


class Loud(asyncio.Future):
    def add_done_callback(self, fn, *, context=None):
        print("add_done_callback", type(self).__name__)
        super().add_done_callback(fn, context=context)

    def result(self):
        print("result", type(self).__name__)
        return super().result() * 10


async def waiter(name, fut):
    value = await fut
    print(name, "got", value)
    return value


async def main():
    loop = asyncio.get_running_loop()
    futs = [Plain(loop=loop), Loud(loop=loop), Plain(loop=loop)]
    futs[2].result = lambda: "instance result"
    tasks = [asyncio.ensure_future(waiter(f"w{i}", f)) for i, f in enumerate(futs)]
    await asyncio.sleep(0)
    for i, f in enumerate(futs):
        loop.call_later(0.1 * (3 - i), f.set_result, i + 1)
    print(await asyncio.gather(*tasks))
    bad = Plain(loop=loop)
    loop.call_later(0.1, bad.set_exception, RuntimeError("boom"))
    try:
        await waiter("bad", bad)
    except RuntimeError as e:
        print("RuntimeError:", e)
    gone = Plain(loop=loop)
    t = asyncio.ensure_future(waiter("gone", gone))
    await asyncio.sleep(0)
    gone.cancel("stop")
    try:
        await t
    except asyncio.CancelledError as e:
        print("cancelled", e.args)
    inner = asyncio.gather(waiter("g1", asyncio.sleep(0.1, 7)), waiter("g2", asyncio.sleep(0.2, 8)))
    print(await waiter("outer", inner))


asyncio.run(main())
