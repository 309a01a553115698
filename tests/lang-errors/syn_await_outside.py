import asyncio
x = asyncio.sleep(1)
await x
