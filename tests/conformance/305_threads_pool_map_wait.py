# Executor.map ordering, Future.result(timeout), wait() return conditions.
import time
import threading
from concurrent.futures import ThreadPoolExecutor, wait, FIRST_COMPLETED, FIRST_EXCEPTION, TimeoutError

def work(n):
    print(f"{threading.current_thread().name} on {n} at {time.monotonic()}")
    time.sleep(n)
    if n == 4:
        raise KeyError(n)
    return n * 10

ex = ThreadPoolExecutor(3, thread_name_prefix="pool")
print(list(ex.map(work, [1, 0.5, 1.5, 0.25])), time.monotonic())
f = ex.submit(work, 5)
try:
    f.result(timeout=1)
except TimeoutError:
    print("timeout", time.monotonic(), f.running())
print(f.result(), time.monotonic())

fs = [ex.submit(time.sleep, d) for d in (1, 2, 3)]
done, not_done = wait(fs, return_when=FIRST_COMPLETED)
print(len(done), len(not_done), time.monotonic())
r = wait(fs, timeout=0.5)
print(len(r.done), len(r.not_done), time.monotonic())
r = wait(fs)
print(len(r.done), len(r.not_done), time.monotonic())

fs = [ex.submit(work, d) for d in (2, 4, 6)]
r = wait(fs, return_when=FIRST_EXCEPTION)
print(len(r.done), time.monotonic(), type(fs[1].exception()).__name__)
try:
    for v in ex.map(work, [0.5, 4, 1]):
        print("map value", v)
except KeyError as e:
    print("map raised KeyError", e, time.monotonic())
ex.shutdown(wait=False)
print("shutdown(wait=False) returned", time.monotonic())
