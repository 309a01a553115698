# Events due at the same instant: loop timers run before thread wake-ups.
import asyncio
import threading
import time

def sleeper(name, d, loop):
    time.sleep(d)
    print(f"thread {name} wakes at {time.time():.1f}")
    loop.call_soon_threadsafe(print, f"callback from {name}")
    time.sleep(d)
    print(f"thread {name} wakes again at {time.time():.1f}")

async def ticker(name, d):
    await asyncio.sleep(d)
    print(f"task {name} wakes at {time.time():.1f}")
    await asyncio.sleep(d)
    print(f"task {name} wakes again at {time.time():.1f}")

async def main():
    loop = asyncio.get_running_loop()
    threads = [threading.Thread(target=sleeper, args=(n, 1, loop)) for n in ("T1", "T2")]
    for t in threads:
        t.start()
    await asyncio.gather(ticker("a", 1), ticker("b", 1),
                         asyncio.to_thread(sleeper, "X", 1, loop))
    for t in threads:
        t.join()
    print(f"all done at {time.time():.1f}")

asyncio.run(main())
