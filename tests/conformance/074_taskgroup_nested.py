# Nested task groups: inner failure cancels the outer group's other children.
import asyncio

async def step(name, d, fail=False):
    try:
        await asyncio.sleep(d)
        if fail:
            print(name, "fails")
            raise ValueError(name)
        print(name, "ok")
        return name
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise

async def inner_group(prefix, fail):
    async with asyncio.TaskGroup() as tg:
        tg.create_task(step(prefix + "1", 0.1))
        tg.create_task(step(prefix + "2", 0.3, fail))
        tg.create_task(step(prefix + "3", 0.5))
    print(prefix, "group done")
    return prefix

async def main():
    async with asyncio.TaskGroup() as outer:
        a = outer.create_task(inner_group("a", False))
        b = outer.create_task(inner_group("b", False))
    print("both fine:", a.result(), b.result())
    try:
        async with asyncio.TaskGroup() as outer:
            outer.create_task(inner_group("c", True))
            outer.create_task(inner_group("d", False))
            outer.create_task(step("e", 2))
    except ExceptionGroup as eg:
        print("outer:", type(eg).__name__, len(eg.exceptions))
        inner = eg.exceptions[0]
        print("inner:", type(inner).__name__, [repr(e) for e in inner.exceptions])
    print("time", asyncio.get_running_loop().time())

asyncio.run(main())
