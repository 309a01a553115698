# asyncio.wait(FIRST_EXCEPTION): returns when a task raises (or all finish).
import asyncio

async def ok(d):
    await asyncio.sleep(d)
    return d

async def bad(d):
    await asyncio.sleep(d)
    raise ValueError(f"bad after {d}")

def names(s):
    return sorted(t.get_name() for t in s)

async def main():
    loop = asyncio.get_running_loop()
    ts = [asyncio.create_task(ok(0.5), name="ok1"),
          asyncio.create_task(bad(1), name="bad"),
          asyncio.create_task(ok(2), name="ok2")]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_EXCEPTION)
    print("at", loop.time(), "done", names(done), "pending", names(pending))
    for t in sorted(done, key=lambda t: t.get_name()):
        print(" ", t.get_name(), repr(t.exception()))
    done, pending = await asyncio.wait(pending)
    print("rest at", loop.time(), names(done), names(pending))
    ts = [asyncio.create_task(ok(0.1 * i), name=f"good{i}") for i in range(3)]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_EXCEPTION)
    print("no failure -> all done:", names(done), len(pending), loop.time())
    ts = [asyncio.create_task(bad(0), name="b0"), asyncio.create_task(bad(0), name="b1")]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_EXCEPTION)
    print("two failing at once:", names(done), names(pending))
    print(sorted(str(t.exception()) for t in done))

asyncio.run(main())
