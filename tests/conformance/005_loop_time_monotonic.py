# loop.time(), time.monotonic(), time.time() all read the virtual clock.
import asyncio
import time

async def ticker(name, period, n):
    loop = asyncio.get_running_loop()
    for i in range(n):
        await asyncio.sleep(period)
        print(f"{name} tick {i}: loop.time={loop.time():.3f} mono={time.monotonic():.3f}")

async def main():
    loop = asyncio.get_running_loop()
    print(f"start loop.time={loop.time():.3f} time.time={time.time():.3f}")
    print(f"perf_counter={time.perf_counter():.3f}")
    await asyncio.sleep(0.1)
    await asyncio.sleep(0.2)
    print(f"0.1+0.2: {loop.time():.3f} exact={loop.time()!r}")
    await asyncio.gather(ticker("fast", 0.25, 5), ticker("slow", 0.4, 3))
    print(f"after gather {loop.time():.3f}")
    await asyncio.sleep(0.1)
    await asyncio.sleep(0.2)
    print(f"0.1+0.2 later: {loop.time():.3f} exact={loop.time()!r}")
    await asyncio.sleep(1e-10)
    print(f"tiny sleep: {loop.time():.6f} exact={loop.time()!r}")
    start = time.time()
    await asyncio.sleep(2.5)
    print(f"elapsed {time.time() - start:.3f}")
    v = await asyncio.sleep(0.5, result="payload")
    print("sleep result:", v, f"{loop.time():.3f}")

asyncio.run(main())
