# Thread naming (Thread-N (target)), enumerate/active_count, is_alive, join(timeout).
import threading
import time

def worker(n):
    me = threading.current_thread()
    print(f"{me.name} start {n} daemon={me.daemon}")
    time.sleep(n)
    print(f"{me.name} end {n} at {time.monotonic()}")

threads = [threading.Thread(target=worker, args=(i,)) for i in (3, 1, 2)]
for t in threads:
    t.start()
    print("started", t.name, t.is_alive())
print(threading.active_count(), [t.name for t in threading.enumerate()])
for t in threads:
    t.join()
    print("joined", t.name, t.is_alive(), time.monotonic())
print(threading.main_thread().name, threading.current_thread() is threading.main_thread())

t = threading.Thread(target=worker, args=(1,), name="custom", daemon=True)
print(t.daemon, t.name, t.ident is None, t.is_alive())
t.start()
t.join(0.5)
print("after join(0.5):", t.is_alive(), time.monotonic())
t.join()
print("done", time.monotonic(), threading.active_count())

class MyThread(threading.Thread):
    def __init__(self, v):
        super().__init__()
        self.v = v

    def run(self):
        print("run", self.name, self.v)
        time.sleep(0.25)

m = MyThread(7)
m.start()
print("subclass started", m.is_alive())
m.join()
print(threading.Thread(target=print).name, threading.Thread().name)
print(threading.Thread(target=worker, name="").name)
timer = threading.Timer(0.5, worker, args=(0,))
print(timer.name)
timer.start()
