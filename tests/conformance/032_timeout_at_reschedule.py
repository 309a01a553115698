# timeout_at, cm.reschedule() to extend or shorten, cm.when().
import asyncio

async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout_at(loop.time() + 1) as cm:
            print("when", cm.when())
            await asyncio.sleep(0.5)
            cm.reschedule(loop.time() + 2)
            print("extended to", cm.when())
            await asyncio.sleep(1.5)
            print("survived past the original deadline at", loop.time())
            cm.reschedule(loop.time() + 0.25)
            print("shortened to", cm.when())
            await asyncio.sleep(1)
    except TimeoutError:
        print("timed out at", loop.time(), "expired", cm.expired())
    async with asyncio.timeout(None) as cm:
        cm.reschedule(None)
        print("reschedule(None) when", cm.when())
        await asyncio.sleep(0.1)
    try:
        async with asyncio.timeout(None) as cm:
            cm.reschedule(loop.time() + 0.3)
            print("set a deadline later:", cm.when())
            await asyncio.sleep(1)
    except TimeoutError:
        print("fired at", loop.time())
    try:
        async with asyncio.timeout(10) as cm:
            await asyncio.sleep(0.1)
            cm.reschedule(loop.time() - 1)
            print("rescheduled into the past")
            await asyncio.sleep(0)
            print("not reached")
    except TimeoutError:
        print("past deadline fires at", loop.time())
    try:
        async with asyncio.timeout_at(loop.time()):
            await asyncio.sleep(1)
    except TimeoutError:
        print("timeout_at(now) fires at", loop.time())

asyncio.run(main())
