# _current_tasks and current_task() around task steps: set while a step
# runs, empty in callbacks outside tasks, right after many steps (the
# loop's entry deleted and inserted twice a step), with Task subclasses
# from a task factory, cancellations and an iterator held across awaits.
import asyncio
from asyncio import tasks


class LoggedTask(asyncio.Task):
    pass


def running_names():
    return sorted(t.get_name() for t in tasks._current_tasks.values())


def outside(tag):
    print(tag, asyncio.current_task(), len(tasks._current_tasks), running_names())


async def worker(i, n):
    loop = asyncio.get_running_loop()
    for k in range(n):
        me = asyncio.current_task()
        assert me is tasks._current_tasks[loop]
        print(i, k, me.get_name(), type(me).__name__, running_names())
        loop.call_soon(outside, f"cb{i}.{k}")
        await asyncio.sleep(0)
    it = iter(tasks._current_tasks)
    await asyncio.sleep(0)
    print(i, "iterated", len(list(it)), len(tasks._current_tasks))
    return i


async def sleeper():
    try:
        await asyncio.sleep(0)
        await asyncio.sleep(0)
    except asyncio.CancelledError:
        print("sleeper cancelled in", asyncio.current_task().get_name(), running_names())
        raise


async def main():
    loop = asyncio.get_running_loop()
    results = await asyncio.gather(*[worker(i, 3) for i in range(3)])
    print("gathered", results, running_names())
    loop.set_task_factory(lambda loop, coro: LoggedTask(coro, loop=loop))
    print(await asyncio.gather(worker(7, 2), worker(8, 1)))
    t = asyncio.ensure_future(sleeper())
    await asyncio.sleep(0)
    t.cancel()
    await asyncio.gather(t, return_exceptions=True)
    print("cancelled", t.cancelled(), type(t).__name__, running_names())
    for _ in range(300):
        await asyncio.sleep(0)
    print("after 300 steps", len(tasks._current_tasks), running_names())
    loop.call_soon(outside, "last")
    await asyncio.sleep(0)


asyncio.run(main())
