# Exceptions travel up through several awaits and task boundaries.
import asyncio

class AppError(Exception):
    pass

async def level3(x):
    await asyncio.sleep(0.1)
    if x == 0:
        raise AppError(f"level3 failed for {x}")
    return 10 / x

async def level2(x):
    try:
        return await level3(x)
    finally:
        print("level2 finally for", x)

async def level1(x):
    try:
        return await level2(x)
    except ZeroDivisionError:
        print("level1 never sees ZeroDivisionError")
        raise

async def main():
    print(await level1(5))
    try:
        await level1(0)
    except AppError as e:
        print("main caught", type(e).__name__, e.args, "at", asyncio.get_running_loop().time())
    t = asyncio.create_task(level1(0))
    try:
        await t
    except Exception as e:
        print("through a task:", repr(e), "task exception is same:", t.exception() is e)
    t2 = asyncio.create_task(level1(0))
    async def middle():
        return await t2
    try:
        await asyncio.create_task(middle())
    except AppError as e:
        print("through two tasks:", e)
    try:
        await level3("x")
    except TypeError as e:
        print("TypeError:", e)
    print("isinstance checks:", isinstance(AppError(), Exception), issubclass(AppError, BaseException))

asyncio.run(main())
