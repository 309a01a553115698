# Deadlock: tasks wait on an Event and a Queue that nobody feeds (exit 3).
import asyncio

async def worker(ev):
    print("worker waits")
    await ev.wait()

async def main():
    ev = asyncio.Event()
    q = asyncio.Queue()
    t = asyncio.create_task(worker(ev))
    t2 = asyncio.create_task(q.get())
    await asyncio.sleep(1)
    print("main waits on worker")
    try:
        await t
    finally:
        print("finally in main")

asyncio.run(main())
