# await q.put/q.get and task_done on queues used in turns, then changed
# under them: __class__ swapped, the event's class swapped, deques replaced.
import asyncio
import collections

class Logged(asyncio.Queue):
    def _put(self, item):
        print("  Logged._put", item)
        super()._put(item)
    def task_done(self):
        print("  Logged.task_done", self._unfinished_tasks)
        super().task_done()

class LoudEvent(asyncio.Event):
    def clear(self):
        print("  LoudEvent.clear")
        super().clear()

async def main():
    a, b = asyncio.Queue(2), asyncio.Queue()
    for i in range(3):
        await a.put(i); await b.put(10 + i)
        print("turn", i, await a.get(), await b.get(), a.qsize(), b.qsize())
        a.task_done(); b.task_done()
    print("counts:", a._unfinished_tasks, b._unfinished_tasks)
    a.__class__ = Logged
    await a.put(5); a.task_done()
    print("Logged:", await a.get(), a._unfinished_tasks)
    a.__class__ = asyncio.Queue
    await a.put(6)
    print("back:", await a.get(), a._unfinished_tasks)
    b._finished.__class__ = LoudEvent
    await b.put(7)
    print("LoudEvent:", await b.get(), b._finished.is_set())
    b._finished.__class__ = asyncio.Event
    fut = asyncio.get_running_loop().create_future(); fut.cancel()
    b._getters = collections.deque([fut])
    await b.put(8)
    print("done getter:", len(b._getters), await b.get())
    b._putters = collections.deque([fut])
    await b.put(9)
    print("done putter:", await b.get(), len(b._putters))
    for q in (a, b):
        while q._unfinished_tasks:
            q.task_done()
        await q.join()
    print("joined:", a._unfinished_tasks, b._unfinished_tasks, a._finished.is_set())
    c = asyncio.Queue(1)
    async def slow_get():
        await asyncio.sleep(1)
        return await c.get()
    await c.put("x")
    t = asyncio.create_task(slow_get())
    await c.put("y")
    print("waited:", await t, await c.get(), asyncio.get_running_loop().time())

asyncio.run(main())
