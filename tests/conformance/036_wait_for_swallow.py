# wait_for on a task that swallows or delays cancellation.
import asyncio

async def swallow():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print("swallow: got cancel at", asyncio.get_running_loop().time())
    await asyncio.sleep(0.5)
    print("swallow: returning anyway")
    return "swallowed"

async def slow_cleanup():
    try:
        await asyncio.sleep(5)
    finally:
        print("slow_cleanup: cleaning 1s")
        await asyncio.sleep(1)
        print("slow_cleanup: cleaned")

async def main():
    loop = asyncio.get_running_loop()
    try:
        r = await asyncio.wait_for(swallow(), timeout=1)
        print("wait_for returned", r, "at", loop.time())
    except TimeoutError:
        print("TimeoutError at", loop.time())
    try:
        await asyncio.wait_for(slow_cleanup(), timeout=1)
    except TimeoutError:
        print("TimeoutError after cleanup, at", loop.time())
    try:
        async with asyncio.timeout(1):
            r = await swallow()
            print("timeout block got", r, "at", loop.time())
    except TimeoutError:
        print("timeout() raised anyway at", loop.time())

asyncio.run(main())
