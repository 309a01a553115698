# loop.time() float accumulation, tiny and equal deadlines, a 2-day sleep, time.sleep blocking the loop, timeout.
import asyncio, time
async def main():
    loop = asyncio.get_running_loop()
    for i in range(12):
        await asyncio.sleep(0.1)
        print(loop.time(), time.time(), time.monotonic())
    loop.call_at(loop.time() + 1e-10, print, "tiny")
    loop.call_later(0.3, print, "third")
    loop.call_later(0.1 + 0.2, print, "third-ish")
    loop.call_at(loop.time() + 0.3, print, "third-at")
    await asyncio.sleep(0.3)
    print(loop.time())
    await asyncio.sleep(86400 * 2)
    print(loop.time())
    time.sleep(1.5)
    print(loop.time())
    await asyncio.sleep(0)
    print(loop.time())
    async with asyncio.timeout(0.7):
        await asyncio.sleep(0.2)
    print(loop.time())
asyncio.run(main())
