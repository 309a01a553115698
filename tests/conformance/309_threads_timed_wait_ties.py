# Timed waits that expire at the instant of a notify/set: who gets woken.
import threading
import time

c = threading.Condition()
def cw(i, tmo):
    time.sleep(0.5)
    with c:
        r = c.wait(tmo)
        print("cw", i, r, time.monotonic())

ts = [threading.Thread(target=cw, args=(i, t)) for i, t in enumerate([0.5, 3, 0.5, 3, 3])]
for t in ts:
    t.start()
time.sleep(1.0)
with c:
    c.notify(2)
    print("notified 2")
time.sleep(1)
with c:
    c.notify_all()
for t in ts:
    t.join()

e = threading.Event()
def ew(i, tmo):
    time.sleep(0.5)
    print("ew", i, e.wait(tmo), time.monotonic())

ts = [threading.Thread(target=ew, args=(i, t)) for i, t in enumerate([0.5, 3, 0.5])]
for t in ts:
    t.start()
time.sleep(1.0)
e.set()
for t in ts:
    t.join()

lock = threading.Lock()
def lw(i, tmo):
    time.sleep(0.5)
    print("lw", i, lock.acquire(timeout=tmo), time.monotonic())

lock.acquire()
ts = [threading.Thread(target=lw, args=(i, t)) for i, t in enumerate([0.5, 2, 2])]
for t in ts:
    t.start()
time.sleep(1.0)
lock.release()
print("released")
for t in ts:
    t.join()
