# Barrier (action, index, timeout, abort) and Timer (fires, cancelled).
import threading
import time

b = threading.Barrier(3, action=lambda: print("barrier action in", threading.current_thread().name))

def bw(i):
    time.sleep(i)
    idx = b.wait()
    print(f"bw {i} passed idx={idx} at {time.monotonic()}")
    time.sleep(0.5)
    idx = b.wait()
    print(f"bw {i} passed again idx={idx} at {time.monotonic()}")

ts = [threading.Thread(target=bw, args=(i,)) for i in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()

b2 = threading.Barrier(2, timeout=0.5)
try:
    b2.wait()
except threading.BrokenBarrierError:
    print("broken", b2.broken, time.monotonic())

b3 = threading.Barrier(3)
def aborted(i):
    try:
        b3.wait()
    except threading.BrokenBarrierError:
        print("aborted waiter", i, time.monotonic())

ts = [threading.Thread(target=aborted, args=(i,)) for i in range(2)]
for t in ts:
    t.start()
time.sleep(1)
print("n_waiting", b3.n_waiting)
b3.abort()
for t in ts:
    t.join()

def ding(x):
    print("ding", x, time.monotonic(), threading.current_thread().name)

tm = threading.Timer(1.5, ding, args=("a",))
tm.start()
tm2 = threading.Timer(1.0, ding, args=("b",))
tm2.start()
tm2.cancel()
tm.join()
tm2.join()
print("timers done", time.monotonic(), tm.name, tm2.name)
