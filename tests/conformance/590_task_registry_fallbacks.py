# The registry of tasks (all_tasks) when a new task is not the usual kind:
# tasks of a subclass with a hash of its own (all equal, so they collide),
# a task registered again by _register_task and by Task.__init__ called a
# second time, a class made between two tasks, and default names across
# the lengths of their numbers.
import asyncio


async def work(n):
    await asyncio.sleep(n / 10)
    return n


class HashedTask(asyncio.Task):
    def __hash__(self):
        return 7

    def __eq__(self, other):
        return self is other


def show(label):
    names = sorted(t.get_name() for t in asyncio.all_tasks())
    print(label, len(names), names if len(names) < 12 else names[:3])


async def main():
    loop = asyncio.get_running_loop()
    plain = [asyncio.create_task(work(i)) for i in range(3)]
    show("plain")
    loop.set_task_factory(lambda loop, coro: HashedTask(coro, loop=loop))
    hashed = [asyncio.create_task(work(i), name=f"h{i}") for i in range(3)]
    show("hashed")
    loop.set_task_factory(None)
    print([t in asyncio.tasks._all_tasks for t in plain + hashed])

    class Late:
        pass

    late = asyncio.create_task(work(4), name="late")
    show("late")
    print(await asyncio.gather(*plain, *hashed, late))
    show("after")
    again = asyncio.create_task(work(1))
    asyncio.tasks._register_task(again)
    show("registered twice")
    coro = work(2)
    again.__init__(coro)
    show("init twice")
    print(await again, again.get_name())
    show("end")
    numbers = [asyncio.create_task(work(0)).get_name() for i in range(1100)]
    first = int(numbers[0][5:])
    print(numbers[0], numbers[-1], numbers == [f"Task-{first + i}" for i in range(1100)])
    await asyncio.sleep(0.1)
    show("last")


asyncio.run(main())
