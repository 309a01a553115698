# The FIFO inside asyncio's queues and locks (asyncio.vmglue's deque, in C:
# ls-fifolib.c) as a scenario can see it through the private attributes.
import asyncio


async def main():
    q = asyncio.Queue()
    for i in range(5):
        q.put_nowait(i)
    print(q)
    print(q._queue, len(q._queue), bool(q._queue), q._queue[0], q._queue[-1], list(q._queue))
    q._queue.remove(3)
    print(q._queue, q.get_nowait(), repr(q._queue))
    try:
        q._queue.remove(99)
    except ValueError as e:
        print('ValueError', e)
    try:
        q._queue[10]
    except IndexError as e:
        print('IndexError', e)
    while not q.empty():
        q.get_nowait()
    print(q._queue, len(q._queue), bool(q._queue))
    try:
        q.get_nowait()
    except asyncio.QueueEmpty:
        print('QueueEmpty')
    lk = asyncio.Lock()
    await lk.acquire()
    waiters = [asyncio.create_task(lk.acquire()) for _ in range(3)]
    await asyncio.sleep(0)
    print(len(lk._waiters))
    waiters[1].cancel()
    await asyncio.sleep(0)
    print(len(lk._waiters))
    for _ in range(2):
        lk.release()
        await asyncio.sleep(0)
    print(lk.locked(), [w.done() for w in waiters])
    big = asyncio.Queue()
    for i in range(300):
        big.put_nowait(i)
    print(sum([big.get_nowait() for _ in range(200)]), big.qsize(), big._queue[0], big._queue[-1])


asyncio.run(main())
