# Timers with equal deadlines fire in the order they were scheduled.
import asyncio

async def sleeper(name, delay):
    print(f"{name} sleeps {delay}")
    await asyncio.sleep(delay)
    print(f"{name} woke after {delay}")
    await asyncio.sleep(delay)
    print(f"{name} woke again")

async def main():
    names = ["p", "q", "r", "s", "t", "u", "v", "w", "x", "y"]
    tasks = [asyncio.create_task(sleeper(n, 1)) for n in names]
    extra = asyncio.create_task(sleeper("half", 0.5))
    late = asyncio.create_task(sleeper("two", 2))
    await asyncio.sleep(1)
    print("main woke at 1 (scheduled after the ten sleepers)")
    for t in tasks:
        await t
    await extra
    await late
    print("all done")

asyncio.run(main())
