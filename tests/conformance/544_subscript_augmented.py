# `x[k] += y` (and `-=`, `*=`) on the containers a program meets, in a
# task's loop as `totals[index] += item` is in a consumer: lists with
# positive, negative and bool indexes, a list of strings and of lists,
# a class of its own with __getitem__/__setitem__ over a list, a dict, a tuple
# (TypeError), an index out of range (IndexError), and the list
# replaced while the loop runs.
import asyncio


class Logged:
    def __init__(self, items):
        self.items = items

    def __getitem__(self, k):
        print('  get', k)
        return self.items[k]

    def __setitem__(self, k, v):
        print('  set', k, v)
        self.items[k] = v


async def accumulate(target, keys, item):
    for k in keys:
        try:
            target[k] += item
        except (TypeError, IndexError) as e:
            print('  ', type(e).__name__, e)
        await asyncio.sleep(0)
    return target


async def main():
    totals = [0, 0, 0]
    print(await accumulate(totals, [0, 1, 2, -1, -3, True, False, 3, -4], 5))
    print(await accumulate(['a', 'b'], [0, 1, 1, 0], 'x'))
    print(await accumulate([[1], [2]], [0, 1, -1], [9]))
    print((await accumulate(Logged([1, 2]), [0, 1, -1], 10)).items)
    print(await accumulate({'a': 1, 0: 2}, ['a', 0, 'a'], 3))
    print(await accumulate((1, 2), [0, 1], 1))
    nested = [[0, 0], [0, 0]]
    for i in range(4):
        nested[i % 2][i // 2] += i
        nested[-1][-1] -= 1
        nested[0][1] *= 2
    print(nested)
    lists = [[1, 2], [3, 4]]
    results = await asyncio.gather(*(accumulate(x, [0, 1, 0, 1], 1) for x in lists))
    print(results, lists)


asyncio.run(main())
