# gather(*children) done in C and off that path: repeated coroutines,
# keywords, futures among the children, a task factory, the library's
# _ensure_future and _GatheringFuture.__init__ replaced, and what the
# gathering future holds.
import asyncio
import asyncio.futures
import asyncio.tasks


async def ok(n):
    await asyncio.sleep(n / 10)
    return n


async def bad(n):
    await asyncio.sleep(n / 10)
    raise ValueError(f"bad {n}")


async def main():
    loop = asyncio.get_running_loop()
    g = asyncio.gather(*[ok(i) for i in range(3)])
    print(g._cancel_requested, len(g._children), g.done())
    print([t.get_name() for t in g._children], await g)
    c = ok(2)
    print(await asyncio.gather(*[c, ok(1), c]))
    print(await asyncio.gather(*[ok(1), bad(2)], return_exceptions=True))
    try:
        await asyncio.gather(*[bad(1), ok(2)])
    except ValueError as e:
        print("ValueError:", e)
    f = loop.create_future()
    loop.call_later(0.1, f.set_result, "f")
    print(await asyncio.gather(*[ok(1), f]))
    loop.set_task_factory(lambda lp, coro: asyncio.Task(coro, loop=lp, name="made"))
    g = asyncio.gather(*[ok(1), ok(2)])
    print([t.get_name() for t in g._children], await g)
    loop.set_task_factory(None)
    saved_ensure = asyncio.tasks._ensure_future
    def ensure(arg, *, loop=None):
        print("_ensure_future", loop is None)
        return saved_ensure(arg, loop=loop)
    asyncio.tasks._ensure_future = ensure
    print(await asyncio.gather(*[ok(1), ok(2)]))
    asyncio.tasks._ensure_future = saved_ensure
    saved_init = asyncio.tasks._GatheringFuture.__init__
    def init(self, children, *, loop):
        print("__init__", len(children))
        saved_init(self, children, loop=loop)
    asyncio.tasks._GatheringFuture.__init__ = init
    print(await asyncio.gather(*[ok(3), ok(1)]))
    asyncio.tasks._GatheringFuture.__init__ = saved_init
    g = asyncio.gather(*[ok(i % 4) for i in range(40)])
    print(len(asyncio.all_tasks()), asyncio.current_task().get_name())
    print(sum(await g), [t.get_name() for t in asyncio.all_tasks()])


asyncio.run(main())
