# Which asyncio APIs create hidden tasks (and so use up Task-N numbers)?
import asyncio

async def noop():
    await asyncio.sleep(0.01)
    return asyncio.current_task().get_name()

def probe(label):
    t = asyncio.create_task(noop())
    print(f"after {label}: next task is {t.get_name()}")
    return t

async def main():
    probe("start")
    print("gather of 2 coroutines:", await asyncio.gather(noop(), noop()))
    probe("gather")
    print("wait_for(coro):", await asyncio.wait_for(noop(), 1))
    probe("wait_for")
    print("shield(coro):", await asyncio.shield(noop()))
    probe("shield")
    async with asyncio.timeout(1):
        print("inside timeout():", await noop())
    probe("timeout")
    print("to_thread:", await asyncio.to_thread(lambda: "thread"))
    probe("to_thread")
    print("ensure_future:", await asyncio.ensure_future(noop()))
    probe("ensure_future")
    print("plain await:", await noop())
    probe("plain await")
    done, pending = await asyncio.wait([asyncio.create_task(noop())])
    print("wait:", [t.result() for t in done])
    probe("wait")
    async with asyncio.TaskGroup() as tg:
        t = tg.create_task(noop())
    print("TaskGroup child:", t.result())
    probe("TaskGroup")
    await asyncio.sleep(0.1)

asyncio.run(main())
