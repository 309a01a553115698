# Cancelling a task before it ever runs: its body never executes.
import asyncio

async def body(name):
    print(name, "body started")
    try:
        await asyncio.sleep(1)
    finally:
        print(name, "finally")
    return name

async def main():
    t = asyncio.create_task(body("early"))
    print("cancel before start ->", t.cancel("too soon"))
    print("done?", t.done(), "cancelled?", t.cancelled())
    await asyncio.sleep(0)
    print("done?", t.done(), "cancelled?", t.cancelled())
    try:
        await t
    except asyncio.CancelledError as e:
        print("awaited:", repr(e))
    t2 = asyncio.create_task(body("late"))
    await asyncio.sleep(0)
    print("cancel after start ->", t2.cancel())
    try:
        await t2
    except asyncio.CancelledError:
        print("late task cancelled; finally ran above")
    t3 = asyncio.create_task(body("self"))
    t3.cancel()
    await asyncio.gather(t3, return_exceptions=True)
    print("t3 cancelled:", t3.cancelled())

asyncio.run(main())
