# cancel() of a finished task returns False and changes nothing.
import asyncio

async def quick():
    await asyncio.sleep(0.1)
    return 42

async def failing():
    raise OSError("disk")

async def main():
    t = asyncio.create_task(quick())
    await t
    print("cancel done task ->", t.cancel())
    print("cancelled?", t.cancelled(), "result", t.result(), "cancelling", t.cancelling())
    f = asyncio.create_task(failing())
    await asyncio.sleep(0)
    print("cancel failed task ->", f.cancel())
    print("exception:", repr(f.exception()))
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.set_result("x")
    print("cancel done future ->", fut.cancel(), fut.result())
    fut2 = loop.create_future()
    print("cancel pending future ->", fut2.cancel(), "again ->", fut2.cancel())
    print("fut2 cancelled", fut2.cancelled(), "done", fut2.done())
    me = asyncio.current_task()
    print("main cancelled?", me.cancelled(), "done?", me.done())

asyncio.run(main())
