# Awaiting an Event nobody sets: a deadlock (vrun exits with status 3).
import asyncio

async def waiter(ev, name):
    print(name, "waits for the event")
    await ev.wait()
    print(name, "never wakes")

async def main():
    ev = asyncio.Event()
    tasks = [asyncio.create_task(waiter(ev, f"w{i}")) for i in range(2)]
    await asyncio.sleep(1)
    print("main forgot to call ev.set() at", asyncio.get_running_loop().time())
    await asyncio.gather(*tasks)
    print("not reached")

asyncio.run(main())
print("not reached either")
