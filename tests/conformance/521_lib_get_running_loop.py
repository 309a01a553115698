# asyncio.events.get_running_loop as the library calls it: in a task, in
# a worker thread (no loop runs there), and outside any loop (uncaught
# at the end).
import asyncio
import asyncio.events as events
import time


def in_worker(i):
    time.sleep(0.1 * i)
    try:
        events.get_running_loop()
    except RuntimeError as exc:
        return f'worker {i}: {exc}'
    return f'worker {i}: a loop'


async def child(n):
    loop = events.get_running_loop()
    await asyncio.sleep(0.1)
    return loop is asyncio.get_running_loop() and n


async def main():
    print('same loop', await asyncio.gather(*[child(n) for n in range(4)]))
    print(await asyncio.gather(*[asyncio.to_thread(in_worker, i) for i in range(3)]))
    task = asyncio.create_task(child(9), name='named')
    print(task.get_name(), await task, asyncio.current_task().get_name())
    print('restored', await asyncio.to_thread(in_worker, 0), asyncio.get_running_loop().time())


try:
    events.get_running_loop()
except RuntimeError as exc:
    print('outside:', exc)
asyncio.run(main())
events.get_running_loop()
