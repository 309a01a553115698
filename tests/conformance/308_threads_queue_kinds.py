# LifoQueue, PriorityQueue and SimpleQueue between threads; get(timeout) races.
import queue
import threading
import time

lq = queue.LifoQueue()
pq = queue.PriorityQueue()
for x in [5, 1, 4, 2, 3]:
    lq.put(x)
    pq.put((x % 3, x))
print([lq.get() for _ in range(5)], [pq.get() for _ in range(5)])

sq = queue.SimpleQueue()
def sget(i):
    print("sget", i, sq.get(), time.monotonic())

ts = [threading.Thread(target=sget, args=(i,)) for i in range(3)]
for t in ts:
    t.start()
for v in "xyz":
    time.sleep(0.25)
    sq.put(v)
for t in ts:
    t.join()
print(sq.empty(), sq.qsize())
try:
    sq.get(timeout=1)
except queue.Empty:
    print("SimpleQueue empty", time.monotonic())

q2 = queue.Queue()
def tget(i, tmo):
    time.sleep(0.5)
    try:
        print("tget", i, q2.get(timeout=tmo), time.monotonic())
    except queue.Empty:
        print("tget", i, "timed out", time.monotonic())

ts = [threading.Thread(target=tget, args=(i, t)) for i, t in enumerate([0.5, 0.5, 2.0, 0.5])]
for t in ts:
    t.start()
time.sleep(1.0)
q2.put("A")
q2.put("B")
print("main put A and B")
for t in ts:
    t.join()
