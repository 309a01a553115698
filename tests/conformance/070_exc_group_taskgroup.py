# ExceptionGroup from a TaskGroup: type, count and sub-exceptions.
import asyncio

async def fail(n, d):
    await asyncio.sleep(d)
    print("fail", n, "raising at", asyncio.get_running_loop().time())
    if n == 3:
        raise KeyError(n)
    raise ValueError(f"fail {n}")

async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail(1, 0.1))
            tg.create_task(fail(2, 0.1))
            tg.create_task(fail(3, 0.2))
    except ExceptionGroup as eg:
        print(type(eg).__name__, len(eg.exceptions), str(eg))
        print("message:", eg.message)
        for e in eg.exceptions:
            print("  ", type(e).__name__, repr(e))
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail(3, 0.1))
            tg.create_task(fail(1, 0.1))
    except ExceptionGroup as eg:
        print(repr(eg))
        print("is Exception:", isinstance(eg, Exception), "is BaseExceptionGroup:", isinstance(eg, BaseExceptionGroup))
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail(1, 0.5))
            await asyncio.sleep(0.1)
            raise NameError("body failed")
    except ExceptionGroup as eg:
        print("body error:", [repr(e) for e in eg.exceptions])
    eg = ExceptionGroup("manual", [ValueError(1), TypeError(2)])
    print(repr(eg), eg.message, len(eg.exceptions))

asyncio.run(main())
