# A task that swallows CancelledError keeps running and returns normally.
import asyncio

async def ignorer():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print("ignorer: cancelled, but I ignore it")
    print("ignorer: cleaning up for 0.5s")
    await asyncio.sleep(0.5)
    print("ignorer: returning")
    return "ignored"

async def converter():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print("converter: turning cancel into ValueError")
        raise ValueError("converted")

async def main():
    t = asyncio.create_task(ignorer())
    c = asyncio.create_task(converter())
    await asyncio.sleep(1)
    print("cancel ignorer:", t.cancel(), "cancel converter:", c.cancel())
    r = await t
    print("ignorer result:", r, "cancelled?", t.cancelled())
    try:
        await c
    except ValueError as e:
        print("converter raised", repr(e), "cancelled?", c.cancelled())
    print("time", asyncio.get_running_loop().time())

asyncio.run(main())
