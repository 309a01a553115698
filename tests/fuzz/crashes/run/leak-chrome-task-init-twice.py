# Task.__init__ called a second time writes a second TASK_CREATED for the
# same task: the Chrome JSON export leaked the first record's wait label.
import asyncio


async def work(n):
    await asyncio.sleep(n / 10)
    return n


async def main():
    again = asyncio.create_task(work(1))
    again.__init__(work(2))
    print(await again)


asyncio.run(main())
