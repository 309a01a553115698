# threading.Thread start/join with time.sleep, outside and inside asyncio.
import threading
import time
import asyncio

results = []

def worker(name, secs):
    print(f"{name} starts at {time.time():.1f} in {threading.current_thread().name}")
    time.sleep(secs)
    results.append(name)
    print(f"{name} ends at {time.time():.1f}")

threads = [threading.Thread(target=worker, args=(f"T{i}", 1 + i * 0.5), name=f"thr-{i}") for i in range(3)]
for t in threads:
    t.start()
    print("started", t.name, "alive?", t.is_alive())
print("main thread:", threading.current_thread().name)
threads[0].join()
print(f"joined T0 at {time.time():.1f}")
threads[2].join(timeout=0.2)
print(f"join with timeout returned at {time.time():.1f}, alive? {threads[2].is_alive()}")
for t in threads:
    t.join()
print(f"all joined at {time.time():.1f}: {results}")

async def main():
    th = threading.Thread(target=worker, args=("inside", 0.7))
    th.start()
    await asyncio.sleep(0.5)
    print(f"loop at {time.time():.1f}, thread alive? {th.is_alive()}")
    await asyncio.sleep(0.5)
    print(f"loop at {time.time():.1f}, thread alive? {th.is_alive()}")
    th.join()

asyncio.run(main())
d = threading.Thread(target=worker, args=("daemon", 100), daemon=True)
d.start()
print("daemon started; program ends without waiting for it")
