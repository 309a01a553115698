# Queue.join() waits until task_done() was called for every item.
import asyncio

async def worker(q, name):
    while True:
        job = await q.get()
        print(f"{name} handles {job} at {asyncio.get_running_loop().time():.1f}")
        await asyncio.sleep(job)
        q.task_done()
        print(f"{name} finished {job}, qsize={q.qsize()}")

async def main():
    q = asyncio.Queue()
    for j in [0.3, 0.1, 0.4, 0.2, 0.5]:
        q.put_nowait(j)
    workers = [asyncio.create_task(worker(q, f"w{i}")) for i in range(2)]
    print("joining with", q.qsize(), "items")
    await q.join()
    print("join returned at", asyncio.get_running_loop().time())
    await q.join()
    print("second join returns at once")
    for w in workers:
        w.cancel()
    res = await asyncio.gather(*workers, return_exceptions=True)
    print("workers:", [type(r).__name__ for r in res])
    try:
        q.task_done()
    except ValueError as e:
        print("extra task_done:", e)
    e = asyncio.Queue()
    await e.join()
    print("join on empty queue returns immediately")

asyncio.run(main())
