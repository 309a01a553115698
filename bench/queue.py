# queue: producers and consumers passing items through asyncio.Queue.
import asyncio

ITEMS = 500000
PRODUCERS = 4
CONSUMERS = 4


async def producer(q, start, count):
    for i in range(start, start + count):
        await q.put(i)


async def consumer(q, totals, index):
    while True:
        item = await q.get()
        totals[index] += item
        q.task_done()


async def main():
    q = asyncio.Queue(maxsize=100)
    totals = [0] * CONSUMERS
    consumers = [asyncio.create_task(consumer(q, totals, i)) for i in range(CONSUMERS)]
    share = ITEMS // PRODUCERS
    await asyncio.gather(*[producer(q, p * share, share) for p in range(PRODUCERS)])
    await q.join()
    for c in consumers:
        c.cancel()
    print(sum(totals))


asyncio.run(main())
