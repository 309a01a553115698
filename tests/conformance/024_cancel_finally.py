# finally blocks and async with cleanup run on cancellation, innermost first.
import asyncio

class Resource:
    def __init__(self, name):
        self.name = name
    async def __aenter__(self):
        print("open", self.name)
        await asyncio.sleep(0.1)
        return self
    async def __aexit__(self, exc_type, exc, tb):
        print("close", self.name, "exc:", exc_type.__name__ if exc_type else None)
        await asyncio.sleep(0.1)
        print("closed", self.name)
        return False

async def inner():
    try:
        async with Resource("db") as r:
            print("using", r.name)
            await asyncio.sleep(10)
    finally:
        print("inner finally")

async def outer():
    try:
        await inner()
    finally:
        print("outer finally")
        await asyncio.sleep(0.2)
        print("outer finally after await")

async def main():
    t = asyncio.create_task(outer())
    await asyncio.sleep(1)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("main: task cancelled at", asyncio.get_running_loop().time())

asyncio.run(main())
