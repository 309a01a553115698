# ensure_future, iscoroutine, iscoroutinefunction, isfuture, awaitables.
import asyncio

async def coro_fn(x):
    await asyncio.sleep(0.1)
    return x * 3

def plain_fn():
    return 1

async def main():
    loop = asyncio.get_running_loop()
    c = coro_fn(2)
    print("iscoroutine(c):", asyncio.iscoroutine(c))
    print("iscoroutine(fn):", asyncio.iscoroutine(coro_fn))
    print("iscoroutinefunction:", asyncio.iscoroutinefunction(coro_fn), asyncio.iscoroutinefunction(plain_fn))
    t = asyncio.ensure_future(c)
    print("ensure_future(coro) is a Task:", isinstance(t, asyncio.Task), t.get_name())
    print("isfuture(task):", asyncio.isfuture(t), "isfuture(coro):", asyncio.isfuture(c))
    print("ensure_future(task) is same:", asyncio.ensure_future(t) is t)
    f = loop.create_future()
    print("ensure_future(future) is same:", asyncio.ensure_future(f) is f)
    print("Future but not Task:", isinstance(f, asyncio.Future), isinstance(f, asyncio.Task))
    print("Task is a Future:", isinstance(t, asyncio.Future))
    f.set_result("f")
    print(await t, await f)
    try:
        asyncio.ensure_future(42)
    except TypeError as e:
        print("TypeError:", e)
    print("get_coro is c:", t.get_coro() is c)
    w = asyncio.ensure_future(asyncio.sleep(0.5, result="slept"))
    print("wrapped sleep:", await w, loop.time())
    try:
        await plain_fn
    except TypeError as e:
        print("await a function:", type(e).__name__)
    c2 = coro_fn(5)
    print("direct await of coroutine:", await c2)
    print("iscoroutine after await:", asyncio.iscoroutine(c2))

asyncio.run(main())
