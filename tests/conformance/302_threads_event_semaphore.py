# Event.wait with and without timeouts, Semaphore limits, BoundedSemaphore.
import threading
import time

ev = threading.Event()
def waiter(i, tmo):
    r = ev.wait(tmo)
    print(f"waiter {i} -> {r} at {time.monotonic()}")

ws = [threading.Thread(target=waiter, args=(i, t)) for i, t in enumerate([None, 1.0, 3.0, 2.0])]
for w in ws:
    w.start()
time.sleep(2)
print("setting", ev.is_set())
ev.set()
for w in ws:
    w.join()
ev.clear()
print(ev.wait(0), ev.wait(0.25), time.monotonic())

sem = threading.Semaphore(2)
def limited(i):
    with sem:
        print(f"in {i} {time.monotonic()}")
        time.sleep(1)
    print(f"out {i}")

ls = [threading.Thread(target=limited, args=(i,)) for i in range(5)]
for t in ls:
    t.start()
for t in ls:
    t.join()
print(sem.acquire(timeout=0.5), sem.acquire(False), time.monotonic())

bs = threading.BoundedSemaphore(1)
bs.acquire()
bs.release()
try:
    bs.release()
except ValueError as e:
    print("ValueError:", e)

gate = threading.Semaphore(0)
def blocked(i):
    ok = gate.acquire(timeout=1 + i)
    print(f"blocked {i} -> {ok} at {time.monotonic()}")

bt = [threading.Thread(target=blocked, args=(i,)) for i in range(3)]
for t in bt:
    t.start()
time.sleep(1.5)
gate.release(2)
for t in bt:
    t.join()
