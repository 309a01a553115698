# A task that spins without awaiting freezes a real event loop: the other
# task never runs again.
import asyncio

async def ticker():
    while True:
        print("tick")
        await asyncio.sleep(1)

async def spinner():
    await asyncio.sleep(1.5)
    total = 0
    for i in range(10 ** 9):
        total += i

async def main():
    await asyncio.gather(ticker(), spinner())

asyncio.run(main())
