# threading.local, RLock reentrancy and hand-off, excepthook for thread errors.
import threading
import time

def boom():
    time.sleep(0.1)
    raise ValueError("boom in thread")

t = threading.Thread(target=boom)
t.start()
t.join()
print("boom thread alive?", t.is_alive())

def hook(args):
    print("hook:", args.exc_type.__name__, args.exc_value, args.thread.name)

threading.excepthook = hook
t = threading.Thread(target=boom, name="hooked")
t.start()
t.join()
threading.excepthook = threading.__excepthook__

data = threading.local()
data.x = "main"
def loc(v):
    print("local before", hasattr(data, "x"))
    data.x = v
    time.sleep(0.2)
    print("local", v, data.x)

ts = [threading.Thread(target=loc, args=(f"t{i}",)) for i in range(2)]
for x in ts:
    x.start()
for x in ts:
    x.join()
print("main local", data.x)

rl = threading.RLock()
def re_enter(n):
    with rl:
        if n:
            re_enter(n - 1)
        else:
            print("deep", threading.current_thread().name, time.monotonic())
            time.sleep(0.1)

ts = [threading.Thread(target=re_enter, args=(3,)) for i in range(2)]
for x in ts:
    x.start()
re_enter(2)
for x in ts:
    x.join()
print("end", time.monotonic())
