# Task-N naming (Task-1 is main), name=, set_name, current_task, all_tasks.
import asyncio

async def child(tag):
    me = asyncio.current_task()
    print(f"child {tag}: running as {me.get_name()}")
    await asyncio.sleep(0.1)
    print(f"child {tag}: all_tasks now {len(asyncio.all_tasks())}")
    return me.get_name()

async def main():
    print("main is", asyncio.current_task().get_name())
    print("all_tasks at start:", len(asyncio.all_tasks()))
    t1 = asyncio.create_task(child("a"))
    t2 = asyncio.create_task(child("b"), name="fetcher")
    t3 = asyncio.create_task(child("c"))
    t3.set_name("renamed")
    t4 = asyncio.ensure_future(child("d"))
    print("names:", t1.get_name(), t2.get_name(), t3.get_name(), t4.get_name())
    print("all_tasks:", len(asyncio.all_tasks()))
    print("sorted names:", sorted(t.get_name() for t in asyncio.all_tasks()))
    res = await asyncio.gather(t1, t2, t3, t4)
    print("results:", res)
    print("all_tasks after:", len(asyncio.all_tasks()))
    t5 = asyncio.create_task(child("e"))
    print("next default name:", t5.get_name())
    await t5
    print("current task is main?", asyncio.current_task().get_name() == "Task-1")

asyncio.run(main())
