# as_completed over tasks: results arrive in completion order.
import asyncio

async def fetch(name, d):
    await asyncio.sleep(d)
    print("  fetched", name)
    return f"{name}:{d}"

async def main():
    loop = asyncio.get_running_loop()
    tasks = [asyncio.create_task(fetch(n, d)) for n, d in
             [("a", 0.4), ("b", 0.1), ("c", 0.3), ("d", 0.2)]]
    for i, fut in enumerate(asyncio.as_completed(tasks)):
        r = await fut
        print(f"#{i} -> {r} at {loop.time():.1f}")
    tasks = [asyncio.create_task(fetch(f"x{i}", 1)) for i in range(3)]
    got = []
    for fut in asyncio.as_completed(tasks):
        got.append(await fut)
    print("equal delays, sorted:", sorted(got))
    tasks = [asyncio.create_task(fetch(n, d)) for n, d in [("p", 0.5), ("q", 2)]]
    try:
        for fut in asyncio.as_completed(tasks, timeout=1):
            print("in time:", await fut, loop.time())
    except TimeoutError:
        print("as_completed timed out at", loop.time())
    print("q still running?", not tasks[1].done())
    await tasks[1]
    print("q result", tasks[1].result(), "at", loop.time())

asyncio.run(main())
