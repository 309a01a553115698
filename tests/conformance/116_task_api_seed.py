# The Task API of the seed document: done, result, get_coro, add_done_callback, cancel.
import asyncio

async def display(n):
    for i in range(n):
        print("display", i)
        await asyncio.sleep(1)
    return f"displayed {n}"

def on_done(task):
    print("done callback for", task.get_name(), "cancelled?", task.cancelled())
    if not task.cancelled():
        print("  result:", task.result())

async def main():
    coro = display(3)
    t = asyncio.create_task(coro, name="display-task")
    print("get_coro is the coroutine:", t.get_coro() is coro)
    t.add_done_callback(on_done)
    print("done right away?", t.done())
    await asyncio.sleep(1.5)
    print("done at 1.5?", t.done())
    await t
    print("result:", t.result(), "done?", t.done())
    t2 = asyncio.create_task(display(10), name="endless")
    t2.add_done_callback(on_done)
    await asyncio.sleep(2.5)
    t2.cancel()
    await asyncio.sleep(0)
    print("t2 done?", t2.done(), "cancelled?", t2.cancelled())
    await asyncio.sleep(0)
    print("get_coro still available:", asyncio.iscoroutine(t2.get_coro()))

asyncio.run(main())
