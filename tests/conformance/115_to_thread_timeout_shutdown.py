# Timing out a to_thread call does not stop the thread; asyncio.run waits for it.
import asyncio
import threading
import time

def long_job(secs):
    print(f"long_job starts at {time.time():.1f}")
    time.sleep(secs)
    print(f"long_job really ends at {time.time():.1f}")
    return "finished"

async def main():
    try:
        async with asyncio.timeout(1):
            await asyncio.to_thread(long_job, 4)
    except TimeoutError:
        print(f"timed out at {time.time():.1f}; threads alive: {threading.active_count()}")
    await asyncio.sleep(1)
    print(f"main returns at {time.time():.1f}")

asyncio.run(main())
print(f"asyncio.run returned at {time.time():.1f}")
