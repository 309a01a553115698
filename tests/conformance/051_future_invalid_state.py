# result()/exception() before done and setting twice raise InvalidStateError.
import asyncio

async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    for name, action in [("result", f.result), ("exception", f.exception)]:
        try:
            action()
        except asyncio.InvalidStateError as e:
            print(name, "->", type(e).__name__, "|", e)
    f.set_result(1)
    for action in [lambda: f.set_result(2), lambda: f.set_exception(ValueError()), f.cancel]:
        try:
            print("returned", action())
        except asyncio.InvalidStateError as e:
            print(type(e).__name__, "|", e)
    print("result still", f.result(), "exception", f.exception())
    c = loop.create_future()
    c.cancel()
    try:
        c.set_result(3)
    except asyncio.InvalidStateError as e:
        print("set on cancelled:", e)
    try:
        f.set_exception(StopIteration())
    except Exception as e:
        print("StopIteration:", type(e).__name__, e)
    g = loop.create_future()
    try:
        g.set_exception(StopIteration("x"))
    except TypeError as e:
        print("TypeError:", e)
    t = asyncio.create_task(asyncio.sleep(1))
    try:
        t.result()
    except asyncio.InvalidStateError as e:
        print("task result early:", e)
    try:
        t.set_result(5)
    except RuntimeError as e:
        print("task set_result:", e)
    t.cancel()
    print("InvalidStateError is an Exception:", issubclass(asyncio.InvalidStateError, Exception))

asyncio.run(main())
