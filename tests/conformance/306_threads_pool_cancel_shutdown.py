# Cancelling queued work, done callbacks (in which thread), shutdown(cancel_futures).
import threading
import time
from concurrent.futures import ThreadPoolExecutor, CancelledError

def work(n):
    print(f"work {n} in {threading.current_thread().name} at {time.monotonic()}")
    time.sleep(n)
    if n == 2:
        raise ValueError("two")
    return n

ex = ThreadPoolExecutor(1)
a = ex.submit(work, 1)
b = ex.submit(work, 1)
c = ex.submit(work, 2)
print("cancel b:", b.cancel(), b.cancelled(), "cancel a:", a.cancel())
b.add_done_callback(lambda fut: print("cb b cancelled?", fut.cancelled()))
c.add_done_callback(lambda fut: print("cb c", type(fut.exception()).__name__, threading.current_thread().name))
a.add_done_callback(lambda fut: print("cb a", fut.result(), threading.current_thread().name))
try:
    b.result()
except CancelledError:
    print("b raised CancelledError")
ex.shutdown(wait=True)
print("ex down", time.monotonic())
try:
    ex.submit(work, 1)
except RuntimeError as e:
    print("RuntimeError:", e)

ex3 = ThreadPoolExecutor(2)
fs = [ex3.submit(work, 1) for _ in range(5)]
time.sleep(0.5)
ex3.shutdown(cancel_futures=True)
print([f.cancelled() for f in fs], [f.done() for f in fs], time.monotonic())

def init(tag):
    print("initializer", tag, threading.current_thread().name)

with ThreadPoolExecutor(2, initializer=init, initargs=("x",)) as ex4:
    print([ex4.submit(work, 0.5).result() for _ in range(2)])
print("end", time.monotonic())
