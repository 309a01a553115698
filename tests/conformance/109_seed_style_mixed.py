# The seed document's style, mixed: strftime, gather, to_thread, timeout.
import asyncio
import time

def blocking_io(secs):
    print(f"start blocking_io at {time.strftime('%X')}")
    time.sleep(secs)
    print(f"blocking_io complete at {time.strftime('%X')}")
    return secs

async def say_after(delay, what):
    await asyncio.sleep(delay)
    print(what, "at", time.strftime('%X'))
    return what

async def main():
    print(f"started main at {time.strftime('%X')}")
    r = await asyncio.gather(asyncio.to_thread(blocking_io, 3), say_after(1, "hello"), say_after(2, "world"))
    print(r, f"at {time.strftime('%X')}")
    try:
        async with asyncio.timeout(2):
            await say_after(5, "too late")
    except TimeoutError:
        print(f"timed out at {time.strftime('%X')}")
    task = asyncio.create_task(say_after(60, "a minute"))
    task.add_done_callback(lambda t: print("callback:", t.result(), time.strftime('%X')))
    await task
    await asyncio.sleep(3600 * 25)
    print(f"a day later: {time.strftime('%X')} {time.strftime('%d %b %Y')}")
    print(f"finished main at {time.strftime('%X')}")

asyncio.run(main())
