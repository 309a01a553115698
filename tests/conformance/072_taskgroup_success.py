# TaskGroup where every child succeeds; tg.create_task(..., name=).
import asyncio

async def work(label, d):
    print(label, "start in", asyncio.current_task().get_name())
    await asyncio.sleep(d)
    print(label, "end at", asyncio.get_running_loop().time())
    return label * 2

async def main():
    async with asyncio.TaskGroup() as tg:
        t1 = tg.create_task(work("a", 0.3), name="alpha")
        t2 = tg.create_task(work("b", 0.1))
        t3 = tg.create_task(work("c", 0.2), name="gamma")
        print("inside block, names:", t1.get_name(), t2.get_name(), t3.get_name())
        print("done yet?", t1.done(), t2.done(), t3.done())
    print("after block at", asyncio.get_running_loop().time())
    print("results:", t1.result(), t2.result(), t3.result())
    async with asyncio.TaskGroup() as tg:
        print("empty group body")
    print("empty group exits immediately")
    async with asyncio.TaskGroup() as tg:
        first = tg.create_task(work("x", 0.1))
        await asyncio.sleep(0.2)
        print("body awaited longer than the child; first done:", first.done())
        late = tg.create_task(work("y", 0.1))
    print("late child awaited too:", late.result())
    results = []
    async with asyncio.TaskGroup() as tg:
        for i in range(4):
            tg.create_task(work(str(i), 0.1 * (4 - i))).add_done_callback(
                lambda t: results.append(t.result()))
    print("completion order:", results)

asyncio.run(main())
