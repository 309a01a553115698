# An uncaught TimeoutError from wait_for ends the program with status 1.
import asyncio
import time

async def slow_query(n):
    print(f"query {n} starts at {time.strftime('%X')}")
    await asyncio.sleep(n)
    print(f"query {n} done at {time.strftime('%X')}")
    return n

async def main():
    print(await asyncio.wait_for(slow_query(1), timeout=2))
    print(await asyncio.wait_for(slow_query(3), timeout=2))
    print("not reached")

asyncio.run(main())
