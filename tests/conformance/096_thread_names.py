# threading.current_thread().name in the loop, executor workers and threads.
import asyncio
import threading
import time

def who(tag):
    time.sleep(0.1)
    return f"{tag}: {threading.current_thread().name}"

async def main():
    print("loop thread:", threading.current_thread().name)
    print("main_thread is current:", threading.main_thread() is threading.current_thread())
    print(await asyncio.to_thread(who, "to_thread"))
    loop = asyncio.get_running_loop()
    print(await loop.run_in_executor(None, who, "executor"))
    names = await asyncio.gather(*[asyncio.to_thread(who, f"par{i}") for i in range(4)])
    for n in names:
        print(n)
    box = []
    th = threading.Thread(target=lambda: box.append(who("plain")))
    th.start()
    th2 = threading.Thread(target=lambda: box.append(who("named")), name="custom-name")
    th2.start()
    await asyncio.to_thread(th.join)
    await asyncio.to_thread(th2.join)
    print(box)
    def counter():
        return threading.current_thread().name
    t3 = threading.Thread(target=counter)
    print("unstarted thread name:", t3.name)
    print("active count:", threading.active_count())

asyncio.run(main())
