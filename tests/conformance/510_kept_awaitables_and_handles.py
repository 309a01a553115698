# What a program keeps of the objects sleep() and the loop make and let
# go (a sleep's coroutine, a ready handle) stays as it was while later
# sleeps and callbacks run.
import asyncio

kept_sleeps = []
kept_handles = []


async def spinner(name, n):
    for i in range(n):
        await asyncio.sleep(0)
        await asyncio.sleep(0, result=i)
        await asyncio.sleep(0.25)
    return name


async def yielder(name, n):
    for i in range(n):
        await asyncio.sleep(0)
    return name


async def watcher(task):
    for i in range(8):
        aw = task.get_coro().cr_await
        if aw is not None and i % 4 == 0:
            kept_sleeps.append((aw, aw.cr_await))
            print(i, type(aw).__name__, aw.cr_running, type(aw.cr_await).__name__)
        elif aw is not None:
            # kept without a look inside
            kept_sleeps.append((aw, None))
            print(i, type(aw).__name__, aw.cr_running)
        loop = asyncio.get_running_loop()
        for h in list(loop._ready):
            kept_handles.append((h, h._callback, h._args, h.cancelled()))
        print(i, "ready", len(loop._ready), "timers", len(loop._scheduled))
        await asyncio.sleep(0)
        if aw is not None:
            now = task.get_coro().cr_await
            print(i, "then", aw is now, aw.cr_running, aw.cr_await is None)
        await asyncio.sleep(0.125)


async def main():
    a = asyncio.create_task(spinner("a", 4))
    b = asyncio.create_task(spinner("b", 3))
    w = asyncio.create_task(watcher(a))
    print(await asyncio.gather(a, b, w))
    print("sleeps kept", len(kept_sleeps), "distinct", len(set(id(s) for s, _ in kept_sleeps)))
    print("all finished", all(s.cr_await is None and not s.cr_running for s, _ in kept_sleeps))
    print("inner kept", all(inner is None or type(inner).__name__ == "generator" for _, inner in kept_sleeps))
    print("handles kept", len(kept_handles), "distinct", len(set(id(h) for h, _, _, _ in kept_handles)))
    print("unchanged", all(h._callback is cb and h._args is args and h.cancelled() == c
                           for h, cb, args, c in kept_handles))
    # a sleep's coroutine asked for while it waits, then after it returned
    t = asyncio.create_task(spinner("c", 2))
    await asyncio.sleep(0)
    first = t.get_coro().cr_await
    inner = first.cr_await
    print("waiting", type(first).__name__, type(inner).__name__, first.cr_await is inner)
    print(await t, first.cr_await, inner.gi_running, inner.gi_yieldfrom)
    # one kept without a look inside, while its task sleeps on
    t = asyncio.create_task(yielder("d", 5))
    await asyncio.sleep(0)
    kept = t.get_coro().cr_await
    for i in range(4):
        await asyncio.sleep(0)
        print("d", i, kept is t.get_coro().cr_await, kept.cr_running, kept.cr_await)
    print(await t)


asyncio.run(main())
