# task_done of the last task: the event set with and without waiters, and
# with the event, its class, its _value or its _waiters changed under it.
import asyncio
import collections

class LoudEvent(asyncio.Event):
    def set(self):
        print("  LoudEvent.set", self._value)
        super().set()

async def one(q, label):
    await q.put(label)
    print(label, "got", await q.get(), "is_set", q._finished.is_set())
    q.task_done()
    print(label, "after", q._unfinished_tasks, q._finished.is_set())

async def main():
    q = asyncio.Queue()
    await one(q, "plain")
    await one(q, "again")
    joiner = asyncio.create_task(q.join())
    await q.put("j"); await asyncio.sleep(0)
    await q.get(); q.task_done()
    await asyncio.sleep(0)
    print("joiner done:", joiner.done(), q._finished.is_set())
    q._finished.__class__ = LoudEvent
    await one(q, "loud class")
    q._finished.__class__ = asyncio.Event
    q._finished.set = lambda: print("  instance set")
    await one(q, "instance set")
    del q._finished.set
    await q.put(1); await q.get()
    q._finished._value = 0
    q.task_done()
    print("int value:", q._finished._value, q._finished.is_set())
    await q.put(2); await q.get()
    q._finished._waiters = []
    q.task_done()
    print("list waiters:", q._finished.is_set(), q._finished._waiters)
    q._finished._waiters = collections.deque()
    saved = asyncio.Event.set
    asyncio.Event.set = lambda self: print("  patched Event.set") or saved(self)
    await one(q, "patched")
    asyncio.Event.set = saved
    await one(q, "restored")
    try:
        q.task_done()
    except ValueError as e:
        print("ValueError:", e)
    q._unfinished_tasks = 1
    q._finished._value = True
    q.task_done()
    print("already set:", q._unfinished_tasks, q._finished.is_set())

asyncio.run(main())
