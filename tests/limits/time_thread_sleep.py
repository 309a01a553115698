# time.sleep in a thread: virtual time too.
import threading
import time

def sleeper():
    while True:
        time.sleep(30)

threading.Thread(target=sleeper, daemon=True).start()
time.sleep(1000)
