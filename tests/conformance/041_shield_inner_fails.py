# shield: inner failures and inner cancellation propagate to the outer await.
import asyncio

async def fails(d):
    await asyncio.sleep(d)
    raise ConnectionError("inner broke")

async def long():
    await asyncio.sleep(10)

async def main():
    try:
        await asyncio.shield(fails(0.1))
    except ConnectionError as e:
        print("outer got", repr(e))
    t = asyncio.create_task(fails(0.5))
    outer = asyncio.shield(t)
    outer.cancel()
    await asyncio.sleep(1)
    print("outer cancelled:", outer.cancelled(), "inner done:", t.done())
    print("inner exception:", repr(t.exception()))
    l = asyncio.create_task(long())
    outer2 = asyncio.shield(l)
    await asyncio.sleep(0.1)
    l.cancel()
    try:
        await outer2
    except asyncio.CancelledError:
        print("inner cancelled -> outer cancelled:", outer2.cancelled())
    t3 = asyncio.create_task(fails(0.2))
    outer3 = asyncio.shield(t3)
    r = await asyncio.gather(outer3, return_exceptions=True)
    print("through gather:", r)

asyncio.run(main())
