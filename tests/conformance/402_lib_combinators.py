# ensure_future on an awaitable, as_completed with a timeout, wait, wait_for around shield, self-await, gather of a repeated coroutine, timeout reschedule.
import asyncio

class Awaitable:
    def __init__(self, v): self.v = v
    def __await__(self):
        yield from asyncio.sleep(0.1).__await__()
        return self.v

async def slow(x, d):
    try:
        await asyncio.sleep(d)
        print("slow done", x)
        return x
    except asyncio.CancelledError as e:
        print("slow cancelled", x, e.args)
        raise

async def main():
    loop = asyncio.get_running_loop()
    t = asyncio.ensure_future(Awaitable(7))
    print(type(t).__name__, await t)
    ts = [asyncio.create_task(slow(i, 0.1 * (5 - i))) for i in range(5)]
    for c in asyncio.as_completed(ts, timeout=0.35):
        try:
            print("as_completed", await c, loop.time())
        except TimeoutError:
            print("as_completed timeout", loop.time())
    done, pending = await asyncio.wait(ts, timeout=0.1)
    print(len(done), len(pending))
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_COMPLETED)
    print(len(done), len(pending))
    inner = asyncio.create_task(slow("inner", 1))
    outer = asyncio.create_task(asyncio.wait_for(asyncio.shield(inner), 0.2))
    try:
        await outer
    except TimeoutError:
        print("outer timed out, inner done?", inner.done(), loop.time())
    print(await inner, loop.time())
    async def me():
        return await asyncio.current_task()
    t = asyncio.create_task(me())
    try:
        await t
    except RuntimeError as e:
        print("self await:", str(e)[:30])
    c = slow("dup", 0.1)
    print(await asyncio.gather(c, c, slow("x", 0.05)))
    async with asyncio.timeout(1) as cm:
        print(cm.when(), cm.expired())
        cm.reschedule(loop.time() + 0.1)
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            print("cancelled inside timeout")
            raise
    print("unreached")

try:
    asyncio.run(main())
except TimeoutError as e:
    print("main timed out", repr(e), repr(e.__cause__))
