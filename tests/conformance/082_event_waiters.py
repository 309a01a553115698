# asyncio.Event: set/clear/wait/is_set with several waiters.
import asyncio

async def waiter(ev, name):
    print(name, "waiting; is_set?", ev.is_set())
    r = await ev.wait()
    print(name, "woke with", r, "at", asyncio.get_running_loop().time())
    return name

async def main():
    ev = asyncio.Event()
    ws = [asyncio.create_task(waiter(ev, f"w{i}")) for i in range(3)]
    await asyncio.sleep(1)
    print("setting")
    ev.set()
    print("set; is_set?", ev.is_set(), "waiters done?", [w.done() for w in ws])
    print(await asyncio.gather(*ws))
    print("wait on a set event returns at once:", await ev.wait())
    ev.clear()
    print("cleared; is_set?", ev.is_set())
    late = asyncio.create_task(waiter(ev, "late"))
    await asyncio.sleep(0.5)
    ev.set()
    ev.clear()
    print("set then clear immediately; is_set?", ev.is_set())
    await asyncio.sleep(0)
    print("late done?", late.done())
    ev.set()
    ev.set()
    print("double set fine:", ev.is_set())
    try:
        await asyncio.wait_for(asyncio.Event().wait(), 0.3)
    except TimeoutError:
        print("waiting on a fresh event timed out at", asyncio.get_running_loop().time())

asyncio.run(main())
