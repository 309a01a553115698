# remove_done_callback returns how many were removed; functools.partial callbacks.
import asyncio
import functools

def report(tag, fut):
    print("report", tag, fut.result())

def plain(fut):
    print("plain callback", fut.result())

async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.add_done_callback(plain)
    f.add_done_callback(functools.partial(report, "p1"))
    f.add_done_callback(plain)
    f.add_done_callback(functools.partial(report, "p2"))
    print("removed plain:", f.remove_done_callback(plain))
    print("removed plain again:", f.remove_done_callback(plain))
    print("removed unknown:", f.remove_done_callback(print))
    f.add_done_callback(plain)
    loop.call_later(0.5, f.set_result, 7)
    await f
    print("after await, time", loop.time())
    await asyncio.sleep(0)
    g = loop.create_future()
    g.add_done_callback(plain)
    g.set_result(8)
    print("removed after done:", g.remove_done_callback(plain))
    await asyncio.sleep(0)
    print("nothing printed for g")
    async def job():
        await asyncio.sleep(0.1)
        return "job"
    t = asyncio.create_task(job())
    cb = functools.partial(report, "task")
    t.add_done_callback(cb)
    t.add_done_callback(plain)
    print("task remove:", t.remove_done_callback(cb))
    await t
    await asyncio.sleep(0)
    print("end")

asyncio.run(main())
