# ThreadPoolExecutor: worker naming, idle reuse, as_completed order, exceptions.
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

def work(n):
    print(f"{threading.current_thread().name} working on {n} at {time.monotonic()}")
    time.sleep(n)
    if n == 2:
        raise ValueError(f"bad {n}")
    return n * 10

with ThreadPoolExecutor(max_workers=2) as ex:
    futs = [ex.submit(work, n) for n in (3, 1, 2, 0.5)]
    print([f.done() for f in futs], [f.running() for f in futs])
    for f in as_completed(futs):
        try:
            print("as_completed", f.result(), time.monotonic())
        except ValueError as e:
            print("as_completed error", e, time.monotonic())
print("after with", time.monotonic(), threading.active_count())

ex = ThreadPoolExecutor(thread_name_prefix="pool")
print("max workers", ex._max_workers)
for i in range(3):
    f = ex.submit(work, 0.5)
    print("result", f.result(), "threads", len(ex._threads))
fs = [ex.submit(work, 1) for _ in range(4)]
print("threads now", len(ex._threads))
try:
    print(fs[0].result(timeout=0.5))
except TimeoutError:
    print("TimeoutError", time.monotonic())
print([f.result() for f in fs], time.monotonic())
ex.shutdown()
print("shutdown at", time.monotonic())
