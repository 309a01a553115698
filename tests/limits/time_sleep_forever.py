# A clock that never stops: the time limit names the await.
import asyncio

async def main():
    while True:
        await asyncio.sleep(10)

asyncio.run(main())
