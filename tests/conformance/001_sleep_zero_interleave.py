# sleep(0) is a bare yield: several tasks take turns, round-robin.
import asyncio

async def worker(name, steps):
    for i in range(steps):
        print(f"{name} step {i}")
        await asyncio.sleep(0)
    print(f"{name} done")
    return name

async def main():
    print("main start")
    a = asyncio.create_task(worker("A", 3))
    b = asyncio.create_task(worker("B", 1))
    c = asyncio.create_task(worker("C", 4))
    print("tasks created, none ran yet")
    await asyncio.sleep(0)
    print("main after first sleep(0)")
    await asyncio.sleep(0)
    print("main after second sleep(0)")
    r = await a
    print("awaited A ->", r, "B done?", b.done(), "C done?", c.done())
    print(await c, await b)
    for i in range(3):
        await asyncio.sleep(0)
        print("main tick", i)
    print("main end")

asyncio.run(main())
