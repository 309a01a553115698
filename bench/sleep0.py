# sleep0: tasks that only yield to the loop with sleep(0).
import asyncio

TASKS = 1000
YIELDS = 1000


async def spinner(i):
    n = 0
    for _ in range(YIELDS):
        await asyncio.sleep(0)
        n += 1
    return n


async def main():
    results = await asyncio.gather(*[spinner(i) for i in range(TASKS)])
    print(sum(results))


asyncio.run(main())
