# wait_for that completes in time, wait_for(timeout=None), exceptions pass through.
import asyncio

async def op(x, d):
    await asyncio.sleep(d)
    if x < 0:
        raise ValueError(f"negative {x}")
    return x + 1

async def main():
    loop = asyncio.get_running_loop()
    print("ok:", await asyncio.wait_for(op(1, 0.5), timeout=1), loop.time())
    print("none:", await asyncio.wait_for(op(2, 100), timeout=None), loop.time())
    try:
        await asyncio.wait_for(op(-1, 0.1), timeout=1)
    except ValueError as e:
        print("error passes through:", repr(e), loop.time())
    fut = loop.create_future()
    loop.call_later(0.2, fut.set_result, "future value")
    print("future:", await asyncio.wait_for(fut, 1), loop.time())
    t = asyncio.create_task(op(5, 0.3))
    print("task:", await asyncio.wait_for(t, 0.3 + 0.01), loop.time())
    done = asyncio.create_task(op(7, 0))
    await asyncio.sleep(0)
    print("after one yield op(7, 0) done?", done.done())
    await asyncio.sleep(0)
    print("after two yields done?", done.done())
    print("done task, timeout 0:", await asyncio.wait_for(done, 0))
    try:
        await asyncio.wait_for(op(8, 0), 0)
    except TimeoutError:
        print("op(8, 0) with timeout 0 -> TimeoutError")
    print("several:", await asyncio.gather(
        asyncio.wait_for(op(10, 0.1), 1),
        asyncio.wait_for(op(20, 0.2), None),
        asyncio.wait_for(op(30, 0.5), 0.4),
        return_exceptions=True))
    print("end", loop.time())

asyncio.run(main())
