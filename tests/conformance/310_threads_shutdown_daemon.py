# At exit: non-daemon threads and pool workers are waited for, daemons are not.
import threading
import time
from concurrent.futures import ThreadPoolExecutor

def bg(name, d):
    for i in range(3):
        time.sleep(d)
        print(name, i, time.monotonic())

threading.Thread(target=bg, args=("daemon", 1), daemon=True).start()
threading.Thread(target=bg, args=("worker", 1.5)).start()
ex = ThreadPoolExecutor(2)
ex.submit(bg, "pool", 2)
ex.submit(bg, "pool2", 0.5)
tm = threading.Timer(0.3, print, args=("timer fired",))
tm.start()
print(sorted(t.name for t in threading.enumerate()))
print("main ends", time.monotonic())
