# asyncio.timeout(d) that fires: TimeoutError outside, CancelledError inside.
import asyncio

async def slow(label):
    try:
        print(label, "starts")
        await asyncio.sleep(5)
        print(label, "never prints")
    except asyncio.CancelledError as e:
        print(label, "cancelled inside the block, args", e.args)
        raise
    finally:
        print(label, "finally at", asyncio.get_running_loop().time())

async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(1.5) as cm:
            print("deadline", cm.when(), "expired?", cm.expired())
            await slow("first")
    except TimeoutError as e:
        print("caught TimeoutError", repr(e), "at", loop.time())
        print("expired?", cm.expired())
        print("cause:", type(e.__cause__).__name__, "context:", type(e.__context__).__name__)
    try:
        async with asyncio.timeout(0):
            await asyncio.sleep(0)
            print("not reached")
    except TimeoutError:
        print("timeout(0) fires at the first await, at", loop.time())
    try:
        async with asyncio.timeout(-1):
            print("body runs up to its first await")
            await asyncio.sleep(1)
    except TimeoutError:
        print("negative timeout also fires, at", loop.time())
    print("main still cancelling?", asyncio.current_task().cancelling())

asyncio.run(main())
