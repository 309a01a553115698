# A worker thread that never blocks.
import threading

def work():
    x = 0
    while x >= 0:
        x = (x + 1) % 7

t = threading.Thread(target=work)
t.start()
t.join()
print("never printed")
