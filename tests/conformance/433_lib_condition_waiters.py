# Condition.notify with threads waiting (some timed out), Semaphore and
# SimpleQueue over conditions, asyncio.isfuture's answers.
import asyncio
import queue
import threading


class Blocking:
    _asyncio_future_blocking = None


class NotBlocking:
    _asyncio_future_blocking = False


class Raising:
    @property
    def _asyncio_future_blocking(self):
        raise ValueError("no flag")


async def main():
    cond = threading.Condition(threading.Lock())
    order = []

    def waiter(name, timeout):
        with cond:
            print(name, "woken", cond.wait(timeout))
            order.append(name)

    tasks = [asyncio.ensure_future(asyncio.to_thread(waiter, n, t))
             for n, t in [("a", 0.2), ("b", 2), ("c", 2), ("d", None)]]
    await asyncio.sleep(0.5)
    with cond:
        cond.notify()
        cond.notify(n=1)
    await asyncio.sleep(0.1)
    with cond:
        cond.notify_all()
    await asyncio.gather(*tasks)
    print(order, asyncio.get_running_loop().time())
    sem = threading.Semaphore(1)
    print("sem", sem.acquire(timeout=0), sem.acquire(timeout=0), sem.acquire(blocking=False))
    sem.release(2)
    q = queue.SimpleQueue()
    q.put(1)
    q.put_nowait(2)
    print("queue", sem._value, q.qsize(), q.empty(), q.get(), q.get_nowait(), q.empty())
    for get in [q.get_nowait, lambda: q.get(timeout=0.5)]:
        try:
            get()
        except queue.Empty:
            print("empty at", asyncio.get_running_loop().time())
    fut = asyncio.get_running_loop().create_future()
    for obj in [1, None, fut, Blocking(), Blocking, NotBlocking(), asyncio.current_task()]:
        print(type(obj).__name__, asyncio.isfuture(obj))
    try:
        asyncio.isfuture(Raising())
    except ValueError as exc:
        print("raised", exc)
    print(await asyncio.wrap_future(asyncio.get_running_loop().run_in_executor(None, len, "abc")))

asyncio.run(main())
