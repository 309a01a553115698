# asyncio.to_thread runs a blocking function in a worker while tasks keep going.
import asyncio
import threading
import time

def blocking(name, secs):
    print(f"{name}: thread {threading.current_thread().name} sleeping {secs}s at {time.time():.1f}")
    time.sleep(secs)
    print(f"{name}: thread woke at {time.time():.1f}")
    return f"{name} slept {secs}"

async def heartbeat(n):
    for i in range(n):
        print(f"heartbeat {i} at {time.monotonic():.1f}")
        await asyncio.sleep(0.5)

async def main():
    print("main in", threading.current_thread().name)
    r = await asyncio.gather(asyncio.to_thread(blocking, "A", 1.2), heartbeat(4))
    print("gather ->", r)
    t = asyncio.create_task(asyncio.to_thread(blocking, "B", 1))
    print("to_thread task created; done?", t.done())
    await asyncio.sleep(1)
    print("1s later main runs first (loop timers before thread wake-ups); done?", t.done())
    await asyncio.sleep(0)
    print("after a yield; done?", t.done())
    print(await t, "at", time.monotonic())
    def kw(a, b=0):
        time.sleep(0.25)
        return a + b
    print("kwargs:", await asyncio.to_thread(kw, 1, b=2), time.monotonic())
    def raiser():
        time.sleep(0.1)
        raise OSError("thread failed")
    try:
        await asyncio.to_thread(raiser)
    except OSError as e:
        print("exception from thread:", repr(e), time.monotonic())

asyncio.run(main())
