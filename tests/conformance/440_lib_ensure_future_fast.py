# gather's and ensure_future's task creation when something on its way is
# not the library's: a task factory, an instance's create_task, another
# Task class; names and order of the tasks.
import asyncio
import asyncio.tasks


async def leaf(tag, n):
    await asyncio.sleep(n / 10)
    print(f"{tag} done at {asyncio.get_running_loop().time():.1f}")
    return n


class LoudTask(asyncio.Task):
    def __init__(self, coro, *, loop=None, name=None, context=None):
        print("LoudTask for", coro.__qualname__)
        super().__init__(coro, loop=loop, name=name, context=context)


async def main():
    loop = asyncio.get_running_loop()
    print(await asyncio.gather(leaf("a", 2), leaf("b", 1)))
    t = asyncio.ensure_future(leaf("c", 1))
    print(t.get_name(), await t)

    def factory(lp, coro, context=None):
        print("factory for", coro.__qualname__)
        return asyncio.Task(coro, loop=lp, context=context)

    loop.set_task_factory(factory)
    print(await asyncio.gather(leaf("d", 1), leaf("e", 0)))
    loop.set_task_factory(None)

    original = loop.create_task
    def create_task(coro, **kw):
        print("instance create_task", coro.__qualname__)
        return original(coro, **kw)
    loop.create_task = create_task
    print(await asyncio.gather(leaf("f", 1)))
    del loop.create_task

    print(await asyncio.ensure_future(leaf("g", 1), loop=loop))

    saved = asyncio.tasks.Task
    asyncio.tasks.Task = LoudTask
    print(await asyncio.gather(leaf("h", 1), leaf("i", 2)))
    asyncio.tasks.Task = saved

    tasks = [asyncio.ensure_future(leaf(f"j{i}", i % 2)) for i in range(3)]
    print([x.get_name() for x in tasks], await asyncio.gather(*tasks))
    try:
        asyncio.ensure_future(42)
    except TypeError as e:
        print("TypeError:", e)
    coro = leaf("k", 0)
    print(await asyncio.gather(coro, coro))


asyncio.run(main())
