# Cancelling a task that awaits another task cancels the inner one too.
import asyncio

async def inner():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print("inner cancelled, args", e.args)
        raise

async def outer(t):
    try:
        await t
    except asyncio.CancelledError as e:
        print("outer cancelled, args", e.args)
        raise

async def main():
    i = asyncio.create_task(inner(), name="inner")
    o = asyncio.create_task(outer(i), name="outer")
    await asyncio.sleep(1)
    o.cancel("from main")
    await asyncio.sleep(0)
    print("after 1 yield:", o.get_name(), o.done(), i.get_name(), i.done())
    await asyncio.sleep(0)
    print("after 2 yields:", o.done(), o.cancelled(), i.done(), i.cancelled())
    i2 = asyncio.create_task(inner(), name="inner2")
    o2 = asyncio.create_task(outer(i2), name="outer2")
    await asyncio.sleep(1)
    i2.cancel()
    await asyncio.sleep(0)
    print("inner2 cancelled:", i2.cancelled(), "outer2 done:", o2.done())
    await asyncio.sleep(0)
    print("outer2 cancelled:", o2.cancelled())

asyncio.run(main())
