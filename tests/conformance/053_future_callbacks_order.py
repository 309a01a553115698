# add_done_callback: callbacks run via call_soon, in registration order.
import asyncio

def cb(label):
    def inner(fut):
        print(f"callback {label}: done={fut.done()} result={fut.result()!r}")
    return inner

async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.add_done_callback(cb("A"))
    f.add_done_callback(cb("B"))
    f.add_done_callback(cb("C"))
    loop.call_soon(print, "call_soon registered before set_result")
    f.set_result("value")
    print("set_result returned; no callback has run yet")
    loop.call_soon(print, "call_soon registered after set_result")
    f.add_done_callback(cb("D-late"))
    await asyncio.sleep(0)
    print("after sleep(0)")
    await asyncio.sleep(0)
    print("after second sleep(0)")
    async def work():
        print("work runs")
        return "w"
    t = asyncio.create_task(work())
    t.add_done_callback(cb("task-1"))
    t.add_done_callback(lambda fut: print("lambda sees", fut.result()))
    t.add_done_callback(cb("task-2"))
    print("awaiting task")
    print("await gave", await t)
    print("main continues")
    await asyncio.sleep(0)
    print("end")

asyncio.run(main())
