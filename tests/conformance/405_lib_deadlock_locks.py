# Deadlock: two tasks take two Locks in opposite order (exit 3).
import asyncio
async def a(l1, l2):
    async with l1:
        await asyncio.sleep(0.1)
        async with l2:
            print("a has both")
async def b(l1, l2):
    async with l2:
        await asyncio.sleep(0.1)
        async with l1:
            print("b has both")
async def main():
    l1, l2 = asyncio.Lock(), asyncio.Lock()
    await asyncio.gather(a(l1, l2), b(l1, l2))
asyncio.run(main())
