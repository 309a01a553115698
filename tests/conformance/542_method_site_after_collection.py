# One method site (`obj.show()`) meeting new instances round after round,
# some with an attribute of their own that shadows the method, while
# large lists make the heap grow: once the earlier instances are garbage
# and collected, later ones may be made where they were.
import asyncio


class Item:
    def __init__(self, n):
        self.n = n

    def show(self):
        return f'item {self.n}'


class Other(Item):
    def show(self):
        return f'other {self.n}'


def show(obj):
    return obj.show()


async def main():
    for rnd in range(16):
        items = [(Other if k == 3 and rnd % 4 == 2 else Item)(rnd * 10 + k) for k in range(5)]
        if rnd % 3 == 1:
            items[rnd % 5].show = lambda: 'own show'
        print(rnd, [show(x) for x in items], [show(x) for x in reversed(items)] == [show(x) for x in items][::-1])
        del items
        junk = [rnd] * 400000
        await asyncio.sleep(0)
        print(len(junk), sum(junk[:3]))


asyncio.run(main())
