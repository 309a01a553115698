# A gather child cancelled directly: gather raises CancelledError, siblings go on.
import asyncio

async def child(name, d):
    try:
        await asyncio.sleep(d)
        print(name, "finished")
        return name
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise

async def main():
    a = asyncio.create_task(child("a", 1))
    b = asyncio.create_task(child("b", 2))
    g = asyncio.gather(a, b)
    await asyncio.sleep(0.5)
    a.cancel("only a")
    try:
        await g
    except asyncio.CancelledError as e:
        print("gather raised CancelledError", e.args, "at", asyncio.get_running_loop().time())
    print("g.cancelled()", g.cancelled(), "b done?", b.done())
    print("b still finishes:", await b)
    c = asyncio.create_task(child("c", 1))
    d = asyncio.create_task(child("d", 1))
    g2 = asyncio.gather(c, d, return_exceptions=True)
    await asyncio.sleep(0.1)
    c.cancel("only c")
    r = await g2
    print("with return_exceptions:", [repr(x) for x in r])
    e = asyncio.create_task(child("e", 1))
    f = asyncio.create_task(child("f", 1))
    g3 = asyncio.gather(e, f)
    await asyncio.sleep(0.1)
    e.cancel()
    f.cancel()
    try:
        await g3
    except asyncio.CancelledError as err:
        print("both cancelled:", repr(err), g3.cancelled())

asyncio.run(main())
