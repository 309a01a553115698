# Waiting puts and gets cancelled, timed out, and woken then cancelled.
import asyncio


async def putter(q, item):
    await q.put(item)
    print('  put', item, 'done')


async def getter(q):
    item = await q.get()
    print('  got', item)


async def cancelled_waits(q):
    print('cancel')
    await q.put(1)
    p = asyncio.create_task(putter(q, 2))
    p2 = asyncio.create_task(putter(q, 3))
    await asyncio.sleep(0)
    p.cancel()
    await asyncio.sleep(0)
    print('  p cancelled', p.cancelled(), 'putters', len(q._putters))
    print('  got', q.get_nowait())
    await p2
    print('  got', q.get_nowait())
    try:
        await asyncio.wait_for(getter(q), 0.5)
    except asyncio.TimeoutError:
        print('  get timed out, getters', len(q._getters))
    await q.put(4)
    try:
        await asyncio.wait_for(putter(q, 5), 0.5)
    except asyncio.TimeoutError:
        print('  put timed out, putters', len(q._putters))
    print('  got', await q.get())
    await q.put(6)
    p3 = asyncio.create_task(putter(q, 7))
    p4 = asyncio.create_task(putter(q, 8))
    await asyncio.sleep(0)
    print('  got', q.get_nowait())
    p3.cancel()
    await asyncio.sleep(0)
    print('  p3 cancelled', p3.cancelled(), 'putters', len(q._putters))
    await p4
    print('  got', q.get_nowait())


async def main():
    await cancelled_waits(asyncio.Queue(1))


asyncio.run(main())
