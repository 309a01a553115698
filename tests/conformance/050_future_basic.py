# loop.create_future(), resolved from call_soon / call_later callbacks.
import asyncio

def resolve(fut, value):
    print("callback resolving with", value, "done before?", fut.done())
    fut.set_result(value)

async def main():
    loop = asyncio.get_running_loop()
    f1 = loop.create_future()
    print("new future: done", f1.done(), "cancelled", f1.cancelled())
    loop.call_soon(resolve, f1, "soon")
    print("awaiting f1")
    print("f1 ->", await f1, "at", loop.time())
    f2 = loop.create_future()
    loop.call_later(1.5, resolve, f2, "later")
    print("f2 ->", await f2, "at", loop.time())
    f3 = loop.create_future()
    loop.call_later(0.5, f3.set_exception, RuntimeError("timer failed"))
    try:
        await f3
    except RuntimeError as e:
        print("f3 raised", repr(e), "at", loop.time())
    futs = [loop.create_future() for _ in range(4)]
    for i, f in enumerate(futs):
        loop.call_later(1 - i * 0.25, f.set_result, i)
    async def watch(i, f):
        v = await f
        print(f"watcher {i} woke with {v} at {loop.time()}")
        return v
    print(await asyncio.gather(*[watch(i, f) for i, f in enumerate(futs)]))
    f4 = loop.create_future()
    f4.set_result(None)
    print("already resolved:", await f4, f4.done())
    print("get_loop is loop:", f4.get_loop() is loop)

asyncio.run(main())
