# Awaiting a future or task twice; awaiting a coroutine twice is an error.
import asyncio

async def compute():
    print("compute runs once")
    await asyncio.sleep(0.2)
    return "computed"

async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    loop.call_later(0.3, f.set_result, "F")
    async def waiter(i):
        r1 = await f
        r2 = await f
        print(f"waiter {i}: {r1} {r2} at {loop.time()}")
    await asyncio.gather(waiter(1), waiter(2))
    t = asyncio.create_task(compute())
    print(await t, await t, await t)
    c = compute()
    print(await c)
    try:
        await c
    except RuntimeError as e:
        print("RuntimeError:", e)
    e = loop.create_future()
    loop.call_soon(e.set_exception, IndexError("twice"))
    for i in range(2):
        try:
            await e
        except IndexError as err:
            print("await", i, "raised", repr(err))
    print("end at", loop.time())

asyncio.run(main())
