# gather of already-done tasks, empty gather, gather with a plain future.
import asyncio

async def quick(x):
    return x + 1

async def main():
    t1 = asyncio.create_task(quick(1))
    t2 = asyncio.create_task(quick(2))
    await asyncio.sleep(0)
    print("done before gather:", t1.done(), t2.done())
    g = asyncio.gather(t1, t2)
    print("gather done immediately?", g.done())
    print("result:", await g)
    e = asyncio.gather()
    print("empty done?", e.done(), "result:", e.result())
    print("await empty:", await asyncio.gather())
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    loop.call_later(0.5, f.set_result, "from future")
    print("mixed:", await asyncio.gather(f, quick(10), t1))
    print("time:", loop.time())
    f2 = loop.create_future()
    f2.set_exception(LookupError("preset"))
    r = await asyncio.gather(f2, t2, return_exceptions=True)
    print("preset exception:", r)
    f3 = loop.create_future()
    f3.cancel()
    r = await asyncio.gather(f3, return_exceptions=True)
    print("pre-cancelled:", [type(x).__name__ for x in r])

asyncio.run(main())
