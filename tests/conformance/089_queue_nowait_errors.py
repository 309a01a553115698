# get_nowait/put_nowait raise QueueEmpty/QueueFull; qsize, empty, full.
import asyncio

async def main():
    q = asyncio.Queue(maxsize=3)
    try:
        q.get_nowait()
    except asyncio.QueueEmpty as e:
        print("QueueEmpty raised:", type(e).__name__, repr(str(e)))
    for i in range(3):
        q.put_nowait(i * 10)
        print("put_nowait", i * 10, "qsize", q.qsize(), "full", q.full())
    try:
        q.put_nowait(99)
    except asyncio.QueueFull as e:
        print("QueueFull raised:", type(e).__name__)
    print("is Exception:", issubclass(asyncio.QueueEmpty, Exception), issubclass(asyncio.QueueFull, Exception))
    while not q.empty():
        print("get_nowait", q.get_nowait(), "left", q.qsize())
    getter = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    print("getter blocked; done?", getter.done())
    q.put_nowait("hand-off")
    print("after put_nowait, qsize", q.qsize(), "getter done?", getter.done())
    print("getter got", await getter, "qsize", q.qsize())
    g2 = asyncio.create_task(q.get())
    await asyncio.sleep(0.1)
    g2.cancel()
    await asyncio.sleep(0)
    q.put_nowait("after cancel")
    print("cancelled getter did not take it:", q.qsize(), g2.cancelled())
    print(q.get_nowait())

asyncio.run(main())
