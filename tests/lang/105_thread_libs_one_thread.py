# threading, queue and concurrent.futures used from one thread only
import threading
import queue
from concurrent.futures import Future, CancelledError, InvalidStateError, wait, as_completed, FIRST_COMPLETED

print(threading.current_thread().name, threading.main_thread().name, threading.active_count())
print([t.name for t in threading.enumerate()], threading.current_thread().daemon)
lock = threading.Lock()
print(lock.acquire(), lock.locked(), lock.acquire(False), lock.acquire(timeout=0))
lock.release()
print(lock.locked())
try:
    lock.release()
except RuntimeError as e:
    print("RuntimeError:", e)
rl = threading.RLock()
with rl:
    with rl:
        print("nested rlock ok")
try:
    rl.release()
except RuntimeError as e:
    print("RuntimeError:", e)
ev = threading.Event()
print(ev.is_set(), ev.wait(0))
ev.set()
print(ev.is_set(), ev.wait(), ev.wait(5))
sem = threading.Semaphore(2)
print(sem.acquire(), sem.acquire(), sem.acquire(blocking=False))
sem.release(2)
print(sem.acquire(timeout=1))
try:
    threading.Semaphore(-1)
except ValueError as e:
    print("ValueError:", e)
cond = threading.Condition()
try:
    cond.notify()
except RuntimeError as e:
    print("RuntimeError:", e)
with cond:
    print(cond.wait(0), cond.wait_for(lambda: 42))
t = threading.Thread(target=print, name="never started")
print(t.name, t.is_alive(), t.ident, t.daemon)
t2 = threading.Thread(target=len)
print(t2.name)
b = threading.Barrier(1)
print(b.wait(), b.parties, b.n_waiting, b.broken)

q = queue.Queue()
for i in range(3):
    q.put(i)
print(q.qsize(), q.empty(), q.full(), q.get(), q.get_nowait())
q.task_done(); q.task_done(); q.get(); q.task_done()
q.join()
try:
    q.task_done()
except ValueError as e:
    print("ValueError:", e)
try:
    q.get(block=False)
except queue.Empty:
    print("Empty")
try:
    q.get(timeout=-1)
except ValueError as e:
    print("ValueError:", e)
bq = queue.Queue(1)
bq.put("x")
try:
    bq.put("y", block=False)
except queue.Full:
    print("Full")
lq, pq, sq = queue.LifoQueue(), queue.PriorityQueue(), queue.SimpleQueue()
for v in (3, 1, 2):
    lq.put(v); pq.put(v); sq.put(v)
print([lq.get() for _ in range(3)], [pq.get() for _ in range(3)], [sq.get() for _ in range(3)], sq.empty())

f = Future()
print(f.done(), f.running(), f.cancelled())
f.add_done_callback(lambda fut: print("callback 1:", fut.result()))
f.set_result("value")
f.add_done_callback(lambda fut: print("callback 2:", fut.result()))
print(f.done(), f.result(), f.exception())
try:
    f.set_exception(ValueError())
except InvalidStateError:
    print("InvalidStateError")
g = Future()
g.set_exception(KeyError("k"))
try:
    g.result()
except KeyError as e:
    print("KeyError:", e, type(g.exception()).__name__)
h = Future()
print(h.cancel(), h.cancel(), h.cancelled(), h.done())
try:
    h.result()
except CancelledError:
    print("CancelledError", h.set_running_or_notify_cancel())
r = Future()
print(r.set_running_or_notify_cancel(), r.running(), r.cancel())
r.set_result(1)
done, not_done = wait([f, g, h], return_when=FIRST_COMPLETED)
print(len(done), len(not_done))
print([x.done() for x in as_completed([f, g, h, r])])
print(CancelledError.__module__, InvalidStateError.__mro__[1].__name__, queue.Empty.__module__)
