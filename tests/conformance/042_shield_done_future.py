# shield of something already done returns it as is.
import asyncio

async def value():
    return "v"

async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.set_result(123)
    s = asyncio.shield(f)
    print("shield of done future is the same object:", s is f)
    print("result:", await s)
    t = asyncio.create_task(value())
    await t
    print("shield of done task is the task:", asyncio.shield(t) is t)
    print("awaited:", await asyncio.shield(t))
    p = loop.create_future()
    sp = asyncio.shield(p)
    print("pending: same object?", sp is p, "done?", sp.done())
    loop.call_later(0.3, p.set_result, "later")
    print("awaited pending shield:", await sp, loop.time())
    c = asyncio.shield(value())
    print("coroutine wrapped, done?", c.done())
    print("coroutine result:", await c)
    e = loop.create_future()
    e.set_exception(KeyError("k"))
    try:
        await asyncio.shield(e)
    except KeyError as err:
        print("done-with-exception:", repr(err))

asyncio.run(main())
