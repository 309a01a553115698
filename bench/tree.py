# tree: a recursive tree of gathers, DEPTH levels deep.
import asyncio

DEPTH = 8
BRANCHES = 3


async def node(depth, index):
    if depth == 0:
        await asyncio.sleep((index % 5) / 100)
        return 1
    children = [node(depth - 1, index * BRANCHES + b) for b in range(BRANCHES)]
    return sum(await asyncio.gather(*children))


async def main():
    print(await node(DEPTH, 0))


asyncio.run(main())
