# Queue subclasses overriding _put/_get/qsize/full/put_nowait, instance
# attributes hiding methods, maxsize 0 and negative, str, Queue[int].
import asyncio

class Logged(asyncio.Queue):
    def _put(self, item):
        print("  _put", item)
        super()._put(item * 10)
    def _get(self):
        item = super()._get()
        print("  _get", item)
        return item

class Sized(asyncio.Queue):
    def qsize(self):
        print("  qsize called")
        return super().qsize() * 2

class NeverFull(asyncio.Queue):
    def full(self):
        return False

class Counting(asyncio.Queue):
    def put_nowait(self, item):
        print("  put_nowait", item)
        super().put_nowait(item)

async def main():
    q = Logged(2)
    await q.put(1)
    q.put_nowait(2)
    print("Logged:", str(q), q.qsize(), q.full(), await q.get(), q.get_nowait())
    s = Sized(4)
    for i in range(2):
        await s.put(i)
    print("Sized full:", s.full(), "empty:", s.empty())
    try:
        s.put_nowait(9)
    except asyncio.QueueFull:
        print("Sized QueueFull at", asyncio.Queue.qsize(s), "items")
    n = NeverFull(1)
    for i in range(3):
        await n.put(i)
    print("NeverFull:", n.qsize(), str(n))
    c = Counting(1)
    await c.put("a")
    print("Counting:", c.get_nowait(), c.empty())
    h = asyncio.Queue(1)
    h.full = lambda: False
    h.put_nowait(1)
    h.put_nowait(2)
    h.qsize = lambda: 0
    print("hidden:", h.qsize(), asyncio.Queue.qsize(h), h.empty(), str(h))
    for size in (0, -3):
        z = asyncio.Queue(size)
        for i in range(5):
            await z.put(i)
        print("maxsize", z.maxsize, "full", z.full(), "qsize", z.qsize(), str(z))
    print(asyncio.Queue[int].__name__, asyncio.LifoQueue[str].__name__)
    e = asyncio.Queue()
    print(str(e), e.empty(), e.full(), e.qsize(), e.maxsize)

asyncio.run(main())
