# gather(*coroutines) and its per-child callback (whose usual cases are C)
# at the edges of what they check: a gathering future whose own done or
# set_result is replaced while its children run, a loop's call_soon
# replaced on the instance meanwhile, return_exceptions given and not,
# and a Task subclass whose get_loop changes between gathers.
import asyncio
import asyncio.tasks


async def ok(n):
    await asyncio.sleep(n / 10)
    return n


async def bad(n):
    await asyncio.sleep(n / 10)
    raise ValueError(f"bad {n}")


class Sub(asyncio.Task):
    pass


async def main():
    loop = asyncio.get_running_loop()
    g = asyncio.gather(ok(1), ok(2), ok(3))
    g.set_result = lambda value: print("own set_result", value) or type(g).set_result(g, value)
    print(await g)
    g = asyncio.gather(ok(3), ok(1), ok(2))
    g.done = lambda: print("own done") or False
    print(await g)
    g = asyncio.gather(ok(1), ok(2))
    def call_soon(callback, *args, context=None):
        print("call_soon", type(callback).__name__)
        return type(loop).call_soon(loop, callback, *args, context=context)
    loop.call_soon = call_soon
    print(await g)
    del loop.call_soon
    print(await asyncio.gather(ok(1), bad(2), ok(3), return_exceptions=True))
    try:
        await asyncio.gather(ok(1), bad(2))
    except ValueError as e:
        print("ValueError:", e)
    saved = asyncio.tasks.Task
    asyncio.tasks.Task = Sub
    print(await asyncio.gather(ok(1), ok(2)))
    Sub.get_loop = lambda self: print("get_loop", self.get_name()) or asyncio.Task.get_loop(self)
    print(await asyncio.gather(ok(1), ok(2)))
    del Sub.get_loop
    print(await asyncio.gather(ok(2), ok(1)))
    asyncio.tasks.Task = saved
    print(await asyncio.gather(*[ok(i % 4) for i in range(12)]))


asyncio.run(main())
