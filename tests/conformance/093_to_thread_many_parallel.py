# 16 to_thread calls: the default executor has 12 workers, the rest wait.
import asyncio
import threading
import time

def job(i):
    start = time.time()
    name = threading.current_thread().name
    time.sleep(1)
    return (i, name, start, time.time())

async def main():
    t0 = time.monotonic()
    results = await asyncio.gather(*[asyncio.to_thread(job, i) for i in range(16)])
    for i, name, start, end in results:
        print(f"job {i:2d} on {name} ran {start:.1f} -> {end:.1f}")
    print(f"total {time.monotonic() - t0:.1f}s")
    names = sorted(set(r[1] for r in results), key=lambda n: int(n.split("_")[1]))
    print("distinct worker threads:", len(names), names[0], names[-1])
    print("threads alive:", threading.active_count())
    more = await asyncio.gather(*[asyncio.to_thread(job, i) for i in range(3)])
    print("reused workers:", [r[1] for r in more], f"at {time.monotonic():.1f}")

asyncio.run(main())
print("after run, threads alive:", threading.active_count())
