# gather of tasks (and a mix of tasks and coroutines); Task-N numbering.
import asyncio

async def work(n):
    print(f"work {n} begins in {asyncio.current_task().get_name()}")
    await asyncio.sleep(0.1 * (3 - n))
    print(f"work {n} ends")
    return n * 100

async def main():
    tasks = [asyncio.create_task(work(i)) for i in range(3)]
    print("created", [t.get_name() for t in tasks])
    g = asyncio.gather(*tasks, work(3), work(0))
    print("gather future done?", g.done())
    res = await g
    print("results:", res)
    print("gather future done?", g.done(), "result:", g.result())
    print("tasks done:", [t.done() for t in tasks])
    print("task results:", [t.result() for t in tasks])
    t = asyncio.create_task(work(1))
    res2 = await asyncio.gather(t, t, t)
    print("same task thrice:", res2)
    print("names after:", asyncio.create_task(work(2)).get_name())
    await asyncio.sleep(0.2)

asyncio.run(main())
