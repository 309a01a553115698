# threading.Semaphore's acquire(timeout=0)/release(), queue.SimpleQueue's
# put/get and Condition() as the executor uses them, next to the cases
# that must wait, wake a thread or see a monkeypatched library.
import concurrent.futures as cf
import queue
import threading
import time


class Sem(threading.Semaphore):
    pass


def taker(s, q):
    print('taker got', s.acquire(timeout=5), 'at', time.monotonic())
    q.put('taker done')


s = threading.Semaphore(0)
print(s.acquire(timeout=0), s.acquire(timeout=0.0), s.acquire(False), s._value)
s.release()
print(s.acquire(timeout=0), s._value, Sem(0).acquire(timeout=0))
b = threading.BoundedSemaphore(1)
print(b.acquire(timeout=0), b.acquire(timeout=0))
b.release()
try:
    b.release()
except ValueError as exc:
    print('bounded:', exc)
q = queue.SimpleQueue()
t = threading.Thread(target=taker, args=(s, q))
t.start()
time.sleep(1)
s.release(2)
print(q.get(), s._value, q.empty())
try:
    q.get(False)
except queue.Empty:
    print('empty')
for i in range(3):
    q.put(i)
print([q.get(block=True), q.get(True), q.get()], q.qsize())
t.join()
c = threading.Condition()
f = cf.Future()
names = ['_lock', 'acquire', 'release', '_release_save', '_acquire_restore', '_is_owned', '_waiters']
print(c._is_owned(), [hasattr(c, n) for n in names], len(c._waiters))
with c:
    print(c._is_owned(), f.done(), f.running(), f._state, f._waiters, f._done_callbacks)
print(threading.Condition(threading.Lock())._is_owned())
