# The source document's style: time.strftime('%X') around awaits.
import asyncio
import time

async def say_after(delay, what):
    await asyncio.sleep(delay)
    print(what, time.strftime('%X'))

async def main():
    print(f"started at {time.strftime('%X')}")
    await say_after(1, 'hello')
    await say_after(2, 'world')
    print(f"finished sequential at {time.strftime('%X')}")
    task1 = asyncio.create_task(say_after(1, 'hello'))
    task2 = asyncio.create_task(say_after(2, 'world'))
    print(f"started concurrent at {time.strftime('%X')}")
    await task1
    await task2
    print(f"finished concurrent at {time.strftime('%X')}")
    await asyncio.sleep(3600 + 61)
    print("an hour later:", time.strftime('%X'), time.strftime('%H:%M'))
    print(time.strftime('%Y-%m-%d %H:%M:%S'))

asyncio.run(main())
