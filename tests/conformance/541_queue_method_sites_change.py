# The three method sites of a producer/consumer loop (`q.put`, `q.get`,
# `q.task_done`) while the queue changes under them: its own attributes
# shadowing the methods, then deleted; Queue.get replaced on the class and
# restored; __class__ switched to a subclass overriding put and get, and
# back; two queues in turns; a Future subclass's method site before and
# after the future gets an attribute of its own.
import asyncio

log = []

class Noisy(asyncio.Queue):
    async def put(self, item):
        log.append(f'Noisy.put {item}')
        await super().put(item)
    async def get(self):
        return ('Noisy.get', await super().get())

async def class_get(self):
    return ('class get', await orig_get(self))
orig_get = asyncio.Queue.get

async def producer(queues, n, changes):
    for i in range(n):
        q = queues[i % len(queues)]
        changes.get(i, lambda q: None)(q)
        await q.put(i)

async def consumer(queues, n, got):
    for i in range(n):
        q = queues[i % len(queues)]
        got.append(await q.get())
        q.task_done()

async def main():
    q = asyncio.Queue(maxsize=2)
    changes = {
        3: lambda q: setattr(q, 'put', lambda x: log.append(f'own put {x}') or asyncio.sleep(0)),
        5: lambda q: delattr(q, 'put'),
        7: lambda q: setattr(q, 'task_done', lambda: log.append('own task_done')),
        9: lambda q: delattr(q, 'task_done'),
        11: lambda q: setattr(asyncio.Queue, 'get', class_get),
        13: lambda q: setattr(asyncio.Queue, 'get', orig_get),
        15: lambda q: setattr(q, '__class__', Noisy),
        19: lambda q: setattr(q, '__class__', asyncio.Queue),
    }
    got = []   # the items put by the queue's own `put` are not queued
    await asyncio.gather(producer([q], 24, changes), consumer([q], 22, got))
    print(got, log, q.qsize())
    got, q2 = [], asyncio.Queue()
    await asyncio.gather(producer([q, q2], 8, {}), consumer([q, q2], 8, got))
    print(got, q.qsize(), q2.qsize())

    class MyFuture(asyncio.Future):
        pass
    fut = MyFuture()
    fut.set_result(1)
    for step in range(4):
        if step == 2:
            fut.done = lambda: 'own done'
        print(step, fut.done(), fut.result())


asyncio.run(main())
