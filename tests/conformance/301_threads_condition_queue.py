# Condition: notify wakes the longest waiter; notify_all wakes them all, in order.
import threading
import time

cond = threading.Condition()
items = []

def consumer(i):
    with cond:
        print(f"c{i} waiting")
        while not items:
            cond.wait()
        print(f"c{i} got {items.pop(0)} at {time.monotonic()}")

def producer():
    for k in range(4):
        time.sleep(0.5)
        with cond:
            items.append(k)
            print("produced", k)
            cond.notify()
    time.sleep(0.5)
    with cond:
        items.extend([10, 11])
        print("notify_all")
        cond.notify_all()

cs = [threading.Thread(target=consumer, args=(i,)) for i in range(6)]
for c in cs:
    c.start()
p = threading.Thread(target=producer)
p.start()
for c in cs + [p]:
    c.join()
print("all done", time.monotonic())

ready = []
def waiter_for(i):
    with cond:
        ok = cond.wait_for(lambda: len(ready) > i, timeout=2.5)
        print(f"wait_for {i} -> {ok} at {time.monotonic()}")

ws = [threading.Thread(target=waiter_for, args=(i,)) for i in range(4)]
for w in ws:
    w.start()
for k in range(3):
    time.sleep(1)
    with cond:
        ready.append(k)
        cond.notify_all()
for w in ws:
    w.join()
