# The loop a queue's waiters use (Queue._get_loop) after the first wait:
# _loop reset, _get_loop overridden, a LifoQueue, a queue taken to a
# second event loop.
import asyncio

async def cycle(q, label):
    async def late_put():
        await asyncio.sleep(1)
        q.put_nowait(label)
    for _ in range(2):
        t = asyncio.create_task(late_put())
        print(label, "got", await q.get(), "at", asyncio.get_running_loop().time())
        await t

class Own(asyncio.Queue):
    def _get_loop(self):
        print("  Own._get_loop")
        return super()._get_loop()

q = asyncio.Queue()

async def main():
    await cycle(q, "plain")
    q._loop = None
    await cycle(q, "reset")
    print("rebound:", q._loop is asyncio.get_running_loop())
    await cycle(Own(), "own")
    await cycle(asyncio.LifoQueue(), "lifo")
    await cycle(q, "restored")

asyncio.run(main())
try:
    asyncio.run(cycle(q, "second loop"))
except RuntimeError as e:
    print("RuntimeError:", "bound to a different event loop" in str(e))
