# A callback that schedules itself: the loop never idles.
import asyncio

def again(loop):
    loop.call_soon(again, loop)

async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(again, loop)
    await asyncio.sleep(1)

asyncio.run(main())
