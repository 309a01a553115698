# queue.Queue(maxsize) with blocking put/get, task_done/join, sentinels.
import queue
import threading
import time

q = queue.Queue(maxsize=2)

def producer(name, n):
    for i in range(n):
        q.put(f"{name}{i}")
        print(f"{name} put {i} at {time.monotonic()} size={q.qsize()}")
    print(name, "done")

def consumer(name):
    while True:
        item = q.get()
        if item is None:
            q.task_done()
            print(name, "stop")
            return
        print(f"{name} got {item} at {time.monotonic()}")
        time.sleep(0.5)
        q.task_done()

cs = [threading.Thread(target=consumer, args=(f"c{i}",)) for i in range(2)]
ps = [threading.Thread(target=producer, args=(p, 3)) for p in "ab"]
for t in cs + ps:
    t.start()
for p in ps:
    p.join()
q.join()
print("queue drained", time.monotonic(), q.empty(), q.full())
for _ in cs:
    q.put(None)
for c in cs:
    c.join()
try:
    q.get(timeout=0.75)
except queue.Empty:
    print("Empty after", time.monotonic())
q.put(1)
q.put(2)
try:
    q.put(3, timeout=0.5)
except queue.Full:
    print("Full after", time.monotonic())
