# gather sets `_log_destroy_pending = False` on every child: on plain tasks,
# on Task subclasses that watch __setattr__, shadow the field with a class
# attribute or a property of their own, and through setattr() by hand.
import asyncio


class Watched(asyncio.Task):
    def __setattr__(self, name, value):
        print("  setattr", name, repr(value))
        super().__setattr__(name, value)


class Shadowed(asyncio.Task):
    _log_destroy_pending = "class attribute"


class Guarded(asyncio.Task):
    @property
    def _log_destroy_pending(self):
        return "guarded"

    @_log_destroy_pending.setter
    def _log_destroy_pending(self, value):
        print("  guarded setter got", repr(value))


async def work(n):
    await asyncio.sleep(n / 10)
    return n


async def main():
    loop = asyncio.get_running_loop()
    made = []

    def factory(loop, coro, cls=asyncio.Task):
        made.append(cls(coro, loop=loop))
        print("  made", type(made[-1]).__name__, made[-1]._log_destroy_pending)
        return made[-1]

    print(await asyncio.gather(work(1), work(0), work(2)))
    for cls in (asyncio.Task, Watched, Shadowed, Guarded):
        print(cls.__name__)
        made.clear()
        loop.set_task_factory(lambda loop, coro, cls=cls: factory(loop, coro, cls))
        print(" ", await asyncio.gather(work(1), work(0)))
        loop.set_task_factory(None)
        print("  now:", [t._log_destroy_pending for t in made])
    t = asyncio.ensure_future(work(0))
    for value in (0, 2, "", "x", None, True):
        setattr(t, "_log_destroy_pending", value)
        print("set", repr(value), "->", t._log_destroy_pending)
    t._log_destroy_pending = False
    print("assigned False ->", t._log_destroy_pending, await t)


asyncio.run(main())
