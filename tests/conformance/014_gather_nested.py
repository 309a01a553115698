# Nested gathers: results nest, errors bubble out through every level.
import asyncio

async def leaf(tag, delay):
    await asyncio.sleep(delay)
    print("leaf", tag, "at", asyncio.get_running_loop().time())
    return tag

async def fail(tag, delay):
    await asyncio.sleep(delay)
    print("fail", tag)
    raise RuntimeError(tag)

async def main():
    inner1 = asyncio.gather(leaf("a", 0.2), leaf("b", 0.1))
    inner2 = asyncio.gather(leaf("c", 0.3), asyncio.gather(leaf("d", 0), leaf("e", 0.4)))
    res = await asyncio.gather(inner1, inner2, leaf("f", 0.1))
    print("nested result:", res)
    outer = asyncio.gather(
        asyncio.gather(leaf("g", 0.1), fail("h", 0.2)),
        leaf("i", 0.3),
        return_exceptions=True)
    res = await outer
    print("outer with inner failure:", [repr(x) for x in res])
    await asyncio.sleep(0.5)
    try:
        await asyncio.gather(leaf("j", 0.1), asyncio.gather(fail("k", 0.05), fail("l", 0.06)))
    except RuntimeError as e:
        print("caught", repr(e))
    await asyncio.sleep(0.1)
    print("done")

asyncio.run(main())
