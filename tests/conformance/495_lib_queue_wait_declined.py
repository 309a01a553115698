# A put that waits on a queue whose _putters is a list, or with its
# item as a keyword.
import asyncio


async def putter(q, item):
    await q.put(item)
    print('  put', item, 'done')


async def keyword_putter(q, item):
    await q.put(item=item)
    print('  put', item, 'by keyword done')


async def round_trip_list(q):
    print('putters a list')
    p = asyncio.create_task(putter(q, 1))
    await asyncio.sleep(0)
    print('  putters', type(q._putters).__name__, len(q._putters))
    try:
        await q.get()
    except AttributeError as e:
        print('  get:', e)
    q._putters.pop().set_result(None)
    await p
    print('  got', await q.get())


async def main():
    q = asyncio.Queue(1)
    await q.put(0)
    q._putters = []
    await round_trip_list(q)
    q = asyncio.Queue(1)
    await q.put(0)
    k = asyncio.create_task(keyword_putter(q, 1))
    await asyncio.sleep(0)
    print('  putters', len(q._putters))
    print('  got', await q.get())
    await k
    print('  got', await q.get())


asyncio.run(main())
