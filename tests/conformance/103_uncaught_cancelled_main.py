# main awaits a task that gets cancelled and does not catch it: exit status 1.
import asyncio

async def victim():
    try:
        await asyncio.sleep(10)
    finally:
        print("victim cleanup at", asyncio.get_running_loop().time())

async def killer(t):
    await asyncio.sleep(1.5)
    print("killer cancels the victim")
    t.cancel("killed")

async def main():
    v = asyncio.create_task(victim())
    asyncio.create_task(killer(v))
    print("main awaits the victim")
    await v
    print("not reached")

asyncio.run(main())
