# gather's keyword defaults replaced and mutated from the program
# (asyncio.gather.__kwdefaults__): return_exceptions flips, then a None
# makes the keyword required.
import asyncio


async def boom():
    await asyncio.sleep(0.1)
    raise ValueError("boom")


async def fine(n):
    await asyncio.sleep(n / 10)
    return n


async def main():
    print(await asyncio.gather(fine(1), fine(2)))
    asyncio.gather.__kwdefaults__ = {"return_exceptions": True}
    print(await asyncio.gather(fine(1), boom()))
    asyncio.gather.__kwdefaults__["return_exceptions"] = False
    try:
        await asyncio.gather(fine(1), boom())
    except ValueError as e:
        print("ValueError", e)
    asyncio.gather.__kwdefaults__ = None
    try:
        await asyncio.gather(fine(1))
    except TypeError as e:
        print("TypeError", e)

asyncio.run(main())
