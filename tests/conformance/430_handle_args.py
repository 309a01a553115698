# A handle's _args as the loop made it: call_soon and call_at with none,
# one, two and three arguments, read before and after the callback runs,
# the same tuple each time, replaced, cancelled (None), and compared.
import asyncio

seen = []


def cb(*args):
    seen.append(args)


async def main():
    loop = asyncio.get_running_loop()
    handles = [loop.call_soon(cb), loop.call_soon(cb, 1), loop.call_soon(cb, 1, "two"),
               loop.call_soon(cb, 1, 2, 3)]
    for h in handles:
        print(type(h).__name__, h._args, h._args is h._args, h._args == tuple(h._args))
    unread = [loop.call_soon(cb, "x"), loop.call_soon(cb, "x", "y")]
    timers = [loop.call_later(0.1, cb), loop.call_later(0.2, cb, "a"), loop.call_later(0.3, cb, "a", "b"),
              loop.call_at(loop.time() + 0.4, cb, 4, 5, 6)]
    print([t._args for t in timers])
    await asyncio.sleep(0)
    print(seen)
    print([h._args for h in unread])
    late = loop.call_soon(cb, "late")
    late._args = ("replaced", 1)
    skipped = loop.call_soon(cb, "skipped")
    skipped.cancel()
    print(skipped._args, skipped._callback, skipped.cancelled())
    await asyncio.sleep(0.5)
    print(seen)
    t1 = loop.call_at(10, cb, 1, 2)
    t2 = loop.call_at(10, cb, 1, 2)
    t3 = loop.call_at(10, cb, 1, 3)
    print(t1 == t2, t1 == t3, t1._args, t3._args)
    for t in (t1, t2, t3):
        t.cancel()
    print(t1._args, t1 == t2)
    fut = loop.create_future()
    fut.add_done_callback(cb)
    fut.set_result(7)
    await asyncio.sleep(0)
    print(len(seen), seen[-1][0] is fut)


asyncio.run(main())
