# A put on a full queue and a get on an empty one, seen while they wait.
import asyncio
import asyncio.futures


class MarkedFuture(asyncio.Future):
    made = 0
    def __init__(self, *, loop=None):
        MarkedFuture.made += 1
        super().__init__(loop=loop)


class OwnLoopQueue(asyncio.Queue):
    def _get_loop(self):
        print('  own _get_loop')
        return super()._get_loop()


async def putter(q, item):
    await q.put(item)
    print('  put', item, 'done')


async def getter(q):
    print('  got', await q.get())


def show(task):
    inner = task.get_coro().cr_await
    print('  awaits', inner.__qualname__, inner.cr_running, type(inner.cr_await).__name__)


async def round_trip(q, name):
    print(name)
    await q.put('a')
    p = asyncio.create_task(putter(q, 'b'))
    await asyncio.sleep(0)
    show(p)
    print('  putters', len(q._putters), 'queue', q.qsize())
    print('  got', await q.get())
    await p
    print('  got', q.get_nowait())
    g = asyncio.create_task(getter(q))
    await asyncio.sleep(0)
    show(g)
    print('  getters', len(q._getters))
    await q.put('c')
    await g


async def main():
    await round_trip(asyncio.Queue(1), 'plain')
    await round_trip(OwnLoopQueue(1), 'own _get_loop')
    saved, asyncio.futures.Future = asyncio.futures.Future, MarkedFuture
    await round_trip(asyncio.Queue(1), 'Future replaced')
    asyncio.futures.Future = saved
    print('marked futures', MarkedFuture.made)


asyncio.run(main())
