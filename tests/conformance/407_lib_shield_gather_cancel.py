# shield under wait_for, cancelling a shield, inner cancellation, gather.cancel(msg), a cancelled gather child.
import asyncio
async def inner(n):
    try:
        await asyncio.sleep(1)
        print("inner finished", n)
        return n
    except asyncio.CancelledError:
        print("inner cancelled", n)
        raise
async def main():
    t = asyncio.create_task(inner(1))
    s = asyncio.shield(t)
    w = asyncio.create_task(asyncio.wait_for(s, 0.5))
    try:
        await w
    except TimeoutError:
        print("wait_for timed out; inner still running:", not t.done())
    print(await t)
    # cancel shield outer directly
    t2 = asyncio.create_task(inner(2))
    s2 = asyncio.shield(t2)
    s2.cancel()
    print(s2.cancelled(), t2.cancelled())
    await asyncio.sleep(1.1)
    print(t2.result())
    # inner cancelled -> outer cancelled
    t3 = asyncio.create_task(inner(3))
    s3 = asyncio.shield(t3)
    await asyncio.sleep(0.1)
    t3.cancel()
    try:
        await s3
    except asyncio.CancelledError:
        print("outer saw cancel", s3.cancelled())
    # gather cancel
    g = asyncio.gather(inner(4), inner(5), return_exceptions=True)
    await asyncio.sleep(0.1)
    print(g.cancel("stop"))
    try:
        r = await g
        print("gather result", r)
    except asyncio.CancelledError as e:
        print("gather cancelled", e.args, g.cancelled())
    g2 = asyncio.gather(inner(6), asyncio.sleep(0.2, "x"))
    await asyncio.sleep(0.1)
    list(g2._children)[0].cancel()
    try:
        await g2
    except asyncio.CancelledError as e:
        print("child cancelled ->", repr(e), g2.cancelled())
asyncio.run(main())
