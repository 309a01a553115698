# A coroutine suspended in `await asyncio.sleep(0)`: cancelled there (with
# and without a handler), closed, thrown into from
# Python, sent to by hand, and asked for what it awaits before and after.
import asyncio


async def sleeper(name, n):
    try:
        for i in range(n):
            await asyncio.sleep(0)
    except asyncio.CancelledError:
        print(name, "cancelled at sleep(0)")
        raise
    finally:
        print(name, "finally")
    return name


async def catcher():
    try:
        await asyncio.sleep(0)
    except ValueError as e:
        print("caught", repr(e))
        return "recovered"


def by_hand():
    coro = sleeper("hand", 3)
    print(coro.send(None), coro.send(None), coro.send(7))
    try:
        coro.send(None)
    except StopIteration as e:
        print("stopped", e.value)
    coro = sleeper("closed", 5)
    coro.send(None)
    print(type(coro.cr_await).__name__, coro.cr_await is coro.cr_await)
    coro.close()
    print(coro.cr_await)
    coro = catcher()
    coro.send(None)
    try:
        coro.throw(ValueError("thrown in"))
    except StopIteration as e:
        print("returned", e.value)


async def main():
    by_hand()
    t = asyncio.create_task(sleeper("t", 10))
    for i in range(3):
        await asyncio.sleep(0)
    t.cancel("stop now")
    try:
        await t
    except asyncio.CancelledError as e:
        print("t:", repr(e), t.cancelled())
    u = asyncio.create_task(sleeper("u", 4))
    await asyncio.sleep(0)
    print("u awaits", type(u.get_coro().cr_await).__name__)
    u.cancel()
    print(await asyncio.gather(u, sleeper("v", 2), return_exceptions=True))
    w = asyncio.create_task(sleeper("w", 3))
    await asyncio.sleep(0)
    print(await w)


asyncio.run(main())
