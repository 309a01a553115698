# asyncio.wait(ALL_COMPLETED) and with a timeout that leaves tasks pending.
import asyncio

async def job(name, d):
    await asyncio.sleep(d)
    print(name, "finished at", asyncio.get_running_loop().time())
    return name

def names(s):
    return sorted(t.get_name() for t in s)

async def main():
    loop = asyncio.get_running_loop()
    ts = [asyncio.create_task(job(f"t{i}", d), name=f"t{i}") for i, d in enumerate([0.3, 0.1, 0.2])]
    done, pending = await asyncio.wait(ts)
    print("all:", names(done), names(pending), "results", [t.result() for t in ts])
    ts = [asyncio.create_task(job(f"u{i}", i), name=f"u{i}") for i in range(1, 5)]
    done, pending = await asyncio.wait(ts, timeout=2.5)
    print("timeout 2.5 at", loop.time(), "done", names(done), "pending", names(pending))
    print("pending not cancelled:", [t.cancelled() for t in ts])
    done, pending = await asyncio.wait(pending, timeout=0.1)
    print("short wait:", names(done), names(pending), loop.time())
    done, pending = await asyncio.wait(pending, timeout=10)
    print("rest:", names(done), names(pending), loop.time())
    try:
        await asyncio.wait([])
    except ValueError as e:
        print("empty wait:", repr(e))
    d = asyncio.create_task(job("zero", 0), name="zero")
    done, pending = await asyncio.wait([d], timeout=0)
    print("timeout 0:", names(done), names(pending))
    done, pending = await asyncio.wait([d], timeout=0)
    print("again:", names(done), names(pending))

asyncio.run(main())
