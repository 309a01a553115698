# asyncio.wait(FIRST_COMPLETED): done/pending sets, printed sorted by name.
import asyncio

async def job(d):
    await asyncio.sleep(d)
    return d

def names(s):
    return sorted(t.get_name() for t in s)

async def main():
    loop = asyncio.get_running_loop()
    tasks = [asyncio.create_task(job(d), name=f"j{i}") for i, d in enumerate([3, 1, 2, 1])]
    pending = set(tasks)
    rnd = 0
    while pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        rnd += 1
        print(f"round {rnd} at {loop.time()}: done={names(done)} pending={names(pending)}")
        print("  results:", sorted(t.result() for t in done))
    print("constants:", asyncio.FIRST_COMPLETED, asyncio.FIRST_EXCEPTION, asyncio.ALL_COMPLETED)
    t = asyncio.create_task(job(0.5), name="solo")
    done, pending = await asyncio.wait([t], return_when=asyncio.FIRST_COMPLETED)
    print("solo:", names(done), len(pending), loop.time())
    d0 = asyncio.create_task(job(0), name="instant")
    await asyncio.sleep(0.01)
    done, pending = await asyncio.wait([d0, asyncio.create_task(job(5), name="slow")],
                                       return_when=asyncio.FIRST_COMPLETED)
    print("already done:", names(done), names(pending), loop.time())
    for p in pending:
        p.cancel()
    await asyncio.sleep(0)
    print("slow cancelled:", [p.cancelled() for p in pending])

asyncio.run(main())
