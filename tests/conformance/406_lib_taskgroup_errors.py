# TaskGroup: results, two failing children, an error in the body, a timeout around a group.
import asyncio
async def ok(n, d):
    await asyncio.sleep(d)
    print("ok", n)
    return n
async def boom(d, exc):
    await asyncio.sleep(d)
    raise exc
async def main():
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(ok(1, 0.2))
        b = tg.create_task(ok(2, 0.1), name="second")
    print(a.result(), b.result(), b.get_name(), repr(tg))
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(ok(3, 1))
            tg.create_task(boom(0.2, ValueError("v")))
            tg.create_task(boom(0.2, KeyError("k")))
            await asyncio.sleep(5)
            print("not reached")
    except ExceptionGroup as eg:
        print("errors:", eg.exceptions)
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(ok(4, 0.1))
            raise RuntimeError("body")
    except ExceptionGroup as eg:
        print("body:", repr(eg), eg.exceptions)
    try:
        async with asyncio.timeout(0.3):
            async with asyncio.TaskGroup() as tg:
                tg.create_task(ok(5, 1))
                tg.create_task(ok(6, 0.1))
    except TimeoutError as e:
        print("timeout around taskgroup", repr(e))
    t = asyncio.current_task()
    print(t.cancelling())
asyncio.run(main())
