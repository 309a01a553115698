# Each await lets the event loop run, so the count of instructions without
# an await starts over: 50 stretches of about 10000 instructions each pass
# a limit of 20000.  A thread's time.sleep does the same.
import asyncio
import threading
import time


async def main():
    total = 0
    for step in range(50):
        for i in range(2000):
            total += i
        await asyncio.sleep(0)
    print(total)


def worker():
    total = 0
    for step in range(50):
        for i in range(2000):
            total += i
        time.sleep(0.1)
    print(total)


asyncio.run(main())
t = threading.Thread(target=worker)
t.start()
t.join()
