# gather without return_exceptions: first exception propagates, others keep running.
import asyncio

async def ok(name, delay):
    try:
        await asyncio.sleep(delay)
        print(f"{name} finished")
        return name
    except asyncio.CancelledError:
        print(f"{name} was cancelled")
        raise

async def bad(name, delay, exc):
    await asyncio.sleep(delay)
    print(f"{name} raising {exc!r}")
    raise exc

async def main():
    a = asyncio.create_task(ok("a", 0.5))
    b = asyncio.create_task(ok("b", 0.05))
    try:
        await asyncio.gather(a, b, bad("e1", 0.1, ValueError("first")),
                             bad("e2", 0.2, KeyError("second")))
    except Exception as e:
        print("caught:", type(e).__name__, e.args)
    print("a done?", a.done(), "b done?", b.done(), "b result", b.result())
    await asyncio.sleep(0.45)
    print("a done?", a.done(), a.result(), "cancelled?", a.cancelled())
    try:
        await asyncio.gather(bad("z", 0, ZeroDivisionError("zero")), ok("c", 0))
    except ZeroDivisionError as e:
        print("caught again:", repr(e))
    await asyncio.sleep(0)
    print("end")

asyncio.run(main())
