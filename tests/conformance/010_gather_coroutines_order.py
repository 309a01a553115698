# gather of coroutines: results in argument order, not completion order.
import asyncio

async def compute(name, delay, value):
    print(f"{name} start")
    await asyncio.sleep(delay)
    print(f"{name} finish after {delay}")
    return value

async def main():
    res = await asyncio.gather(
        compute("slow", 0.3, 1),
        compute("fast", 0.1, 2),
        compute("mid", 0.2, 3),
        compute("now", 0, 4),
    )
    print("results:", res)
    print("type:", type(res).__name__)
    same = await asyncio.gather(compute("x", 0.1, "a"), compute("y", 0.1, "b"))
    print("same delay:", same)
    one = await asyncio.gather(compute("solo", 0, None))
    print("single:", one)
    names = ["n%d" % i for i in range(6)]
    many = await asyncio.gather(*[compute(n, (6 - i) * 0.05, i * i) for i, n in enumerate(names)])
    print("many:", many)
    print("current:", asyncio.current_task().get_name())

asyncio.run(main())
