# exception() returns the exception (or None); result() re-raises it.
import asyncio

async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.set_exception(KeyError("missing"))
    print("done", f.done(), "exception", repr(f.exception()))
    for i in range(2):
        try:
            f.result()
        except KeyError as e:
            print("result() raised", repr(e), "same object:", e is f.exception())
    g = loop.create_future()
    g.set_result("fine")
    print("no exception:", g.exception())
    h = loop.create_future()
    h.set_exception(ValueError)
    print("class becomes instance:", repr(h.exception()))
    async def boom():
        await asyncio.sleep(0.1)
        raise ArithmeticError("task failed")
    t = asyncio.create_task(boom())
    await asyncio.sleep(0.2)
    print("task exception:", repr(t.exception()))
    try:
        await t
    except ArithmeticError as e:
        print("await re-raised", e)
    try:
        await t
    except ArithmeticError as e:
        print("and again", e)
    c = loop.create_future()
    c.cancel("bye")
    try:
        c.exception()
    except asyncio.CancelledError as e:
        print("exception() of cancelled:", repr(e))

asyncio.run(main())
