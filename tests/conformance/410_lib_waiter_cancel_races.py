# a Queue getter cancelled after being woken, Semaphore and Condition waiters cancelled, wait_for on Event.wait.
import asyncio
async def getter(q, name):
    try:
        v = await q.get()
        print(name, "got", v)
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise
async def main():
    q = asyncio.Queue()
    g1 = asyncio.create_task(getter(q, "g1"))
    g2 = asyncio.create_task(getter(q, "g2"))
    await asyncio.sleep(0)
    q.put_nowait(1)   # wakes g1
    g1.cancel()       # cancelled after being woken: the item goes to g2
    await asyncio.sleep(0.1)
    print(q.qsize(), g2.done())
    sem = asyncio.Semaphore(0)
    async def s(name):
        try:
            async with sem:
                print(name, "in")
                await asyncio.sleep(0.1)
        except asyncio.CancelledError:
            print(name, "sem cancelled")
    ts = [asyncio.create_task(s(f"s{i}")) for i in range(4)]
    await asyncio.sleep(0)
    sem.release(); sem.release()
    ts[0].cancel()
    await asyncio.sleep(0.5)
    print([t.done() for t in ts], sem._value)
    cond = asyncio.Condition()
    async def cw(name):
        async with cond:
            try:
                await cond.wait()
                print(name, "notified")
            except asyncio.CancelledError:
                print(name, "cond cancelled, locked:", cond.locked())
                raise
    cs = [asyncio.create_task(cw(f"c{i}")) for i in range(3)]
    await asyncio.sleep(0)
    async with cond:
        cond.notify(2)
        cs[0].cancel()
    await asyncio.sleep(0.1)
    async with cond:
        cond.notify_all()
    await asyncio.sleep(0.1)
    print([t.cancelled() for t in cs])
    ev = asyncio.Event()
    async def ew(i):
        r = await asyncio.wait_for(ev.wait(), 0.2 * i)
        print("ev", i, r)
    res = await asyncio.gather(*(ew(i) for i in range(1, 4)), asyncio.sleep(0.3), return_exceptions=True)
    print(res)
    ev.set()
asyncio.run(main())
