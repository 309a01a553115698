# Awaiting a cancelled task raises CancelledError in the awaiter, which can catch it.
import asyncio

async def victim():
    await asyncio.sleep(5)

async def awaiter(t, name):
    try:
        await t
        print(name, "finished normally")
    except asyncio.CancelledError:
        print(name, "got CancelledError; its own cancelling() =", asyncio.current_task().cancelling())
        return name + " recovered"

async def main():
    v = asyncio.create_task(victim())
    a1 = asyncio.create_task(awaiter(v, "a1"))
    a2 = asyncio.create_task(awaiter(v, "a2"))
    await asyncio.sleep(0.5)
    v.cancel()
    print(await a1)
    print(await a2)
    print("a1 cancelled?", a1.cancelled(), "v cancelled?", v.cancelled())
    late = asyncio.create_task(awaiter(v, "late"))
    print(await late)
    try:
        await v
    except asyncio.CancelledError:
        print("main caught it as well")
    print("main still alive at", asyncio.get_running_loop().time())

asyncio.run(main())
