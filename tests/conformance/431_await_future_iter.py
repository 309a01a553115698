# `await future`: what the coroutine awaits (cr_await is a FutureIter), a
# coroutine driven by hand (the future yielded, a non-None send refused,
# a throw landing at the await), a future flagged blocking already, done
# futures and tasks awaited twice, and a cancellation while awaiting one.
import asyncio


async def waiter(fut):
    return await fut


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    t = asyncio.create_task(waiter(fut))
    await asyncio.sleep(0)
    aw = t.get_coro().cr_await
    print(type(aw).__name__, aw is t.get_coro().cr_await, fut._asyncio_future_blocking)
    fut.set_result("first")
    print(await t, t.get_coro().cr_await)

    c = waiter(loop.create_future())
    yielded = c.send(None)
    print(type(yielded).__name__, yielded._asyncio_future_blocking, type(c.cr_await).__name__)
    try:
        c.send(1)
    except RuntimeError as e:
        print("RuntimeError", e)
    it = loop.create_future().__await__()
    print(type(it).__name__, next(it)._asyncio_future_blocking)
    try:
        it.send("ignored")
    except RuntimeError as e:
        print("RuntimeError", e)
    c2 = waiter(loop.create_future())
    c2.send(None)
    try:
        c2.throw(ValueError("thrown"))
    except ValueError as e:
        print("ValueError", e, c2.cr_await)
    c3 = waiter(loop.create_future())
    c3.send(None)
    c3.close()
    print("closed", c3.cr_await, c3.cr_running)

    blocked = loop.create_future()
    blocked._asyncio_future_blocking = True
    c4 = waiter(blocked)
    try:
        c4.send(None)
    except RuntimeError as e:
        print("RuntimeError", e)

    done = loop.create_future()
    done.set_result(42)
    print(await done, await done)
    failed = loop.create_future()
    failed.set_exception(KeyError("k"))
    for _ in range(2):
        try:
            await failed
        except KeyError as e:
            print("KeyError", e)

    slow = loop.create_future()
    t2 = asyncio.create_task(waiter(slow))
    await asyncio.sleep(0)
    t2.cancel("stop")
    try:
        await t2
    except asyncio.CancelledError as e:
        print("cancelled", e.args, slow.cancelled(), t2.get_coro().cr_await)
    print(await t, await t)


asyncio.run(main())
