# A PriorityQueue put of items that cannot be compared: the TypeError
# escapes from heappush inside put_nowait, uncaught.
import asyncio

class Job:
    def __init__(self, name):
        self.name = name

async def main():
    q = asyncio.PriorityQueue()
    await q.put((1, Job("a")))
    print("one job queued", q.qsize())
    await q.put((1, Job("b")))
    print("two jobs queued", q.qsize())
    await q.put((1, Job("c")))
    print("not reached")

asyncio.run(main())
