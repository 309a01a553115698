# One TaskGroup child fails: siblings and the body are cancelled.
import asyncio

async def worker(name, d):
    try:
        print(name, "started")
        await asyncio.sleep(d)
        print(name, "finished")
        return name
    except asyncio.CancelledError:
        print(name, "cancelled at", asyncio.get_running_loop().time())
        raise
    finally:
        print(name, "finally")

async def failer(d):
    await asyncio.sleep(d)
    print("failer raising")
    raise RuntimeError("child failed")

async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            quick = tg.create_task(worker("quick", 0.5))
            slow = tg.create_task(worker("slow", 5))
            tg.create_task(failer(1))
            print("body waiting 3s")
            await asyncio.sleep(3)
            print("body never gets here")
    except ExceptionGroup as eg:
        print("group:", [repr(e) for e in eg.exceptions])
    print("quick:", quick.done(), quick.cancelled(), quick.result())
    print("slow:", slow.done(), slow.cancelled())
    print("main cancelling:", asyncio.current_task().cancelling())
    print("time:", asyncio.get_running_loop().time())

asyncio.run(main())
