# cancel(msg): the message reaches the task and the awaiter via e.args.
import asyncio

async def worker():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print("worker sees args:", e.args)
        print("worker sees repr:", repr(e))
        raise

async def waiter_of(t):
    try:
        await t
    except asyncio.CancelledError as e:
        print("waiter sees args:", e.args)
        return "waiter done"

async def main():
    t = asyncio.create_task(worker())
    w = asyncio.create_task(waiter_of(t))
    await asyncio.sleep(1)
    t.cancel("shutting down")
    print(await w)
    try:
        await t
    except asyncio.CancelledError as e:
        print("main sees args:", e.args)
    try:
        t.result()
    except asyncio.CancelledError as e:
        print("result() args:", e.args)
    t2 = asyncio.create_task(worker())
    await asyncio.sleep(0)
    t2.cancel()
    try:
        await t2
    except asyncio.CancelledError as e:
        print("no message args:", e.args, repr(e))
    t3 = asyncio.create_task(worker())
    await asyncio.sleep(0)
    t3.cancel("first")
    t3.cancel("second")
    try:
        await t3
    except asyncio.CancelledError as e:
        print("two cancels, args:", e.args)

asyncio.run(main())
