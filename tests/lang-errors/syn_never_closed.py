import asyncio

async def main(x):
    await asyncio.sleep(x)
    print("done")

x = 1
asyncio.run(main(x)
