# _current_tasks under two event loops (one per thread) and a program that
# adds and removes its own keys while a task runs: current_task() must
# still name the running task of each loop.
import asyncio
import threading
from asyncio import tasks

seen_in_thread = []


async def probe(tag, n, record):
    for i in range(n):
        t = asyncio.current_task()
        loop = asyncio.get_running_loop()
        record(f"{tag} {i} {t.get_name()} {tasks._current_tasks.get(loop) is t}")
        await asyncio.sleep(0.1 if i % 2 else 0)
    return tag


async def meddler():
    loop = asyncio.get_running_loop()
    me = asyncio.current_task()
    tasks._current_tasks["extra"] = None
    print("meddler sees", tasks._current_tasks[loop] is me, "extra" in tasks._current_tasks)
    del tasks._current_tasks["extra"]
    await asyncio.sleep(0)
    tasks._current_tasks["extra"] = "again"
    await asyncio.sleep(0)
    print("meddler after", asyncio.current_task() is me, tasks._current_tasks.pop("extra"))
    await asyncio.sleep(0.05)
    print("meddler done", asyncio.current_task().get_name())


def thread_main():
    result = asyncio.run(probe("thread", 4, seen_in_thread.append))
    seen_in_thread.append(f"thread result {result}")


async def main():
    th = threading.Thread(target=thread_main)
    th.start()
    print(await asyncio.gather(probe("main", 4, print), meddler()))
    await asyncio.to_thread(th.join)
    for line in seen_in_thread:
        print(line)
    print("keys left", len(tasks._current_tasks), asyncio.current_task().get_name())


asyncio.run(main())
