# shield: cancelling the outer await leaves the inner task running.
import asyncio

async def important(name, d):
    print(name, "started")
    await asyncio.sleep(d)
    print(name, "finished at", asyncio.get_running_loop().time())
    return name.upper()

async def caller(inner):
    try:
        return await asyncio.shield(inner)
    except asyncio.CancelledError:
        print("caller: shield raised CancelledError; inner done?", inner.done())
        raise

async def main():
    inner = asyncio.create_task(important("save", 2))
    c = asyncio.create_task(caller(inner))
    await asyncio.sleep(0.5)
    c.cancel()
    try:
        await c
    except asyncio.CancelledError:
        print("caller cancelled:", c.cancelled(), "inner cancelled:", inner.cancelled())
    print("inner result later:", await inner, asyncio.get_running_loop().time())
    outer = asyncio.shield(important("coro", 1))
    await asyncio.sleep(0.2)
    print("outer.cancel() ->", outer.cancel(), "outer cancelled", outer.cancelled())
    await asyncio.sleep(1)
    print("after 1s: outer done", outer.done())
    inner2 = asyncio.create_task(important("t", 1))
    try:
        async with asyncio.timeout(0.5):
            r = await asyncio.shield(inner2)
    except TimeoutError:
        print("timeout around shield; inner still running?", not inner2.done())
    print("shielded result:", await inner2)

asyncio.run(main())
