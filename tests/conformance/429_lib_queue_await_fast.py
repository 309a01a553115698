# await q.put(x) / q.get() on a queue used, then changed: overrides, instance
# attributes, new storage, counters, event, keywords, unbound calls, class attrs.
import asyncio
import collections

class Watched(asyncio.Queue):
    def empty(self):
        print("  empty ->", asyncio.Queue.empty(self))
        return asyncio.Queue.empty(self)
    def get_nowait(self):
        item = super().get_nowait()
        print("  get_nowait ->", item)
        return item

class Later(asyncio.Queue): pass

async def main():
    q = asyncio.Queue(3)
    for i in range(3):
        await q.put(i)
    print("put 3:", q.qsize(), q.full(), [await q.get() for _ in range(2)])
    q.put_nowait = lambda item: print("  hidden put_nowait", item)
    await q.put(7)
    del q.put_nowait; await q.put(8)
    print("after hiding:", q.qsize(), str(q))
    q._queue = collections.deque([10, 11])
    await q.put(12)
    print("new storage:", await q.get(), await q.get(), await q.get(), q.qsize())
    q._unfinished_tasks = 1
    await q.put(13)
    print("counter:", q._unfinished_tasks, await q.get())
    q.task_done(); q.task_done()
    await q.join()
    print("joined:", q._unfinished_tasks)
    await q.put(item=14)
    print("keyword:", await asyncio.Queue.get(q), q.empty())
    await asyncio.Queue.put(q, 15)
    print("unbound:", q.get_nowait())
    w = Watched(2)
    await w.put("a"); await w.put("b")
    print("Watched:", await w.get(), await w.get())
    l = Later(); await l.put(1)
    print("Later before:", await l.get())
    Later.full = lambda self: print("  Later.full") or False
    Later.empty = lambda self: print("  Later.empty") or asyncio.Queue.empty(self)
    await l.put(2)
    print("Later after:", await l.get())
    m = asyncio.Queue(5); await m.put(1); m._maxsize = 1
    async def taker():
        await asyncio.sleep(1)
        print("taker got", await m.get())
    t = asyncio.create_task(taker())
    await m.put(2)
    print("maxsize 1: put done at", asyncio.get_running_loop().time(), m.qsize())
    await t
    m._finished = asyncio.Event(); m._maxsize = 0
    await m.put(3)
    print("new event:", m._finished.is_set(), m.get_nowait(), m.get_nowait())

asyncio.run(main())
