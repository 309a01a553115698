# Seeded random jitter, contextlib.asynccontextmanager/suppress, functools.partial.
import asyncio
import contextlib
import functools
import random

@contextlib.asynccontextmanager
async def session(name):
    print("open", name, "at", asyncio.get_running_loop().time())
    await asyncio.sleep(0.1)
    try:
        yield name.upper()
    finally:
        await asyncio.sleep(0.1)
        print("close", name, "at", asyncio.get_running_loop().time())

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
    async with session("db") as s:
        print("inside", s)
    try:
        async with session("bad"):
            raise KeyError("oops")
    except KeyError as e:
        print("exception passed through:", repr(e))
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(asyncio.sleep(1), 0.2)
        print("not reached")
    print("suppressed timeout at", asyncio.get_running_loop().time())
    slow = functools.partial(fetch, jitter=0.3)
    print("partial:", await slow(7), asyncio.get_running_loop().time())

asyncio.run(main())
