# A done callback that raises: the loop logs it (stderr); the rest still run.
import asyncio

def bad(fut):
    print("bad callback runs, raising")
    raise RuntimeError("callback failure")

def good(fut):
    print("good callback still runs, result", fut.result())

def crash_handle(x):
    print("call_soon handle raising for", x)
    return 1 / x

async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.add_done_callback(bad)
    f.add_done_callback(good)
    f.set_result("ok")
    await asyncio.sleep(0)
    print("main unaffected")
    loop.call_soon(crash_handle, 0)
    loop.call_soon(print, "next callback runs")
    loop.call_later(0.1, crash_handle, 0)
    await asyncio.sleep(0.2)
    print("still alive at", loop.time())
    async def failing():
        raise ValueError("in task")
    t = asyncio.create_task(failing())
    t.add_done_callback(lambda fut: print("task callback sees", repr(fut.exception())))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("end")

asyncio.run(main())
