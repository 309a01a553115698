# A daemon thread still sleeping, and one waiting on a lock, when the
# program ends: they end with it, their finally blocks unrun, as CPython's.
import asyncio
import threading
import time

lock = threading.Lock()
lock.acquire()


def sleeper():
    try:
        time.sleep(100)
    finally:
        print("sleeper's finally")


def waiter():
    try:
        with lock:
            pass
    except BaseException as e:
        print("waiter caught", type(e).__name__)


threading.Thread(target=sleeper, daemon=True).start()
threading.Thread(target=waiter, daemon=True).start()


async def main():
    print(await asyncio.to_thread(sum, [1, 2, 3]))
    await asyncio.sleep(0.5)
    print("main ends at", asyncio.get_running_loop().time())


asyncio.run(main())
print("program done")
