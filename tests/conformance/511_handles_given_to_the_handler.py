# Handles of the loop's own callbacks that raised: the exception handler
# is given each, and what it keeps stays as it was while the loop makes
# and runs the next callbacks (no program looks at loop._ready here).
import asyncio


async def yielder(name, n):
    for i in range(n):
        await asyncio.sleep(0)
    return name


async def main():
    loop = asyncio.get_running_loop()
    seen = []

    def handler(loop, context):
        handle = context["handle"]
        seen.append((handle, handle._callback, handle._args))
        print("handler:", context["message"].split(" at ")[0], type(context["exception"]).__name__, handle.cancelled())

    loop.set_exception_handler(handler)

    def bad(fut):
        raise ValueError("bad callback " + str(fut.result()))

    for i in range(3):
        f = loop.create_future()
        f.add_done_callback(bad)
        f.set_result(i)
        print(await asyncio.gather(yielder("a", 2), yielder("b", 3)))
    loop.call_soon(bad, f)
    print(await asyncio.gather(yielder("c", 2), yielder("d", 1)))
    print("kept", len(seen), all(h._callback is cb and h._args is args for h, cb, args in seen))
    print([cb.__name__ for _, cb, _ in seen], [args[0].result() for _, _, args in seen])


asyncio.run(main())
