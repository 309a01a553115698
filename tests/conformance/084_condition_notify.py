# Condition: wait/notify(n)/notify_all, waiters wake in FIFO order.
import asyncio

async def consumer(cond, name, box):
    async with cond:
        print(name, "waiting")
        await cond.wait()
        print(name, "notified; box =", box, "at", asyncio.get_running_loop().time())

async def main():
    cond = asyncio.Condition()
    box = []
    cs = [asyncio.create_task(consumer(cond, f"c{i}", box)) for i in range(5)]
    await asyncio.sleep(0.1)
    async with cond:
        box.append("one")
        cond.notify()
        print("notified one")
    await asyncio.sleep(0.1)
    async with cond:
        box.append("two")
        cond.notify(2)
        print("notified two; lock held by main:", cond.locked())
    await asyncio.sleep(0.1)
    async with cond:
        box.append("all")
        cond.notify_all()
        print("notified all")
    await asyncio.gather(*cs)
    try:
        cond.notify()
    except RuntimeError as e:
        print("notify without lock:", e)
    try:
        await cond.wait()
    except RuntimeError as e:
        print("wait without lock:", e)
    lock = asyncio.Lock()
    c2 = asyncio.Condition(lock)
    async with c2:
        print("shared lock locked?", lock.locked())

asyncio.run(main())
