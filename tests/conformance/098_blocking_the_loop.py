# time.sleep on the loop thread blocks every task: the classic mistake.
import asyncio
import time

async def ticker(name, period, n):
    for i in range(n):
        print(f"{name} tick {i} at {time.monotonic():.1f}")
        await asyncio.sleep(period)

async def bad_worker():
    print(f"bad_worker blocks the loop at {time.monotonic():.1f}")
    time.sleep(2)
    print(f"bad_worker done blocking at {time.monotonic():.1f}")

async def good_worker():
    print(f"good_worker sleeps politely at {time.monotonic():.1f}")
    await asyncio.sleep(2)
    print(f"good_worker done at {time.monotonic():.1f}")

async def main():
    t = asyncio.create_task(ticker("t", 0.5, 8))
    await asyncio.sleep(0.6)
    await bad_worker()
    print(f"after the block, time {time.monotonic():.1f}; ticks were missed")
    await good_worker()
    await t
    loop = asyncio.get_running_loop()
    loop.call_later(0.5, print, "timer due at +0.5")
    time.sleep(1)
    print(f"loop blocked 1s; the overdue timer has not fired yet ({loop.time():.1f})")
    await asyncio.sleep(0)
    print("after yielding once")
    start = time.time()
    time.sleep(0)
    print("time.sleep(0) costs", time.time() - start)

asyncio.run(main())
