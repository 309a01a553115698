# Seeded random jitter, contextlib.nullcontext/suppress, functools.partial.
import asyncio
import contextlib
import functools
import random

async def fetch(i, jitter):
    await asyncio.sleep(jitter)
    return i

async def main():
    print("unseeded first draws:", random.random(), random.randint(1, 100))
    random.seed(42)
    jitters = [round(random.uniform(0.1, 1.0), 2) for _ in range(5)]
    print("jitters:", jitters)
    order = []
    tasks = [asyncio.create_task(fetch(i, j)) for i, j in enumerate(jitters)]
    for t in tasks:
        t.add_done_callback(lambda t: order.append(t.result()))
    await asyncio.gather(*tasks)
    print("completion order:", order)
    print("choice:", random.choice(["a", "b", "c"]), "shuffle:", random.sample(range(10), 4))
    async with contextlib.nullcontext("db") as s:
        print("nullcontext gives", s)
        await asyncio.sleep(0.1)
    with contextlib.suppress(KeyError, ValueError):
        raise KeyError("oops")
    print("KeyError suppressed at", asyncio.get_running_loop().time())
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(asyncio.sleep(1), 0.2)
        print("not reached")
    print("suppressed timeout at", asyncio.get_running_loop().time())
    slow = functools.partial(fetch, jitter=0.3)
    print("partial:", await slow(7), asyncio.get_running_loop().time())

asyncio.run(main())
