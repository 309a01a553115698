# heapq's C accelerator (_heapq): CPython's comparison order, messages and
# the cache-friendly heapify of big lists, seen through a counting __lt__.
import heapq
import random

calls = []


class K:
    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        calls.append((self.v, other.v))
        return self.v < other.v

    def __repr__(self):
        return f'K({self.v})'


random.seed(3)
h = []
for x in [random.randint(0, 20) for _ in range(12)]:
    heapq.heappush(h, K(x))
print(h)
print(len(calls), calls[:12])
calls.clear()
print([heapq.heappop(h) for _ in range(4)], len(calls), calls[:10])
calls.clear()
print(heapq.heappushpop(h, K(-1)), heapq.heappushpop(h, K(50)), heapq.heapreplace(h, K(7)), calls)
big = [K(random.randint(0, 10000)) for _ in range(3000)]
calls.clear()
heapq.heapify(big)
print(len(calls), calls[:5], calls[-5:], [k.v for k in big[:10]])
ints = list(range(5000, 0, -3))
heapq.heapify(ints)
print(ints[:12], heapq.nsmallest(3, ints), heapq.nlargest(3, ints))
floats = [2.5, 0.5, 1.0, float('inf'), -3.0]
heapq.heapify(floats)
print(floats, heapq.heappop(floats))
mixed = [3, 1.5, True, 2]
heapq.heapify(mixed)
print(mixed)
for args in [(), (1,), ([],), ([], 1, 2)]:
    try:
        heapq.heappush(*args)
    except (TypeError, IndexError) as e:
        print(type(e).__name__, e)
for f in (heapq.heappop, heapq.heapify):
    for args in [(), (1,), ((),)]:
        try:
            f(*args)
        except TypeError as e:
            print(type(e).__name__, e)
for f in (heapq.heappop, heapq.heapreplace):
    try:
        f([]) if f is heapq.heappop else f([], 1)
    except IndexError as e:
        print('IndexError', e)
try:
    heapq.heappush([1, 'a'], 2)
except TypeError as e:
    print(e)


class Shrink:
    def __init__(self, heap, v):
        self.heap, self.v = heap, v

    def __lt__(self, other):
        self.heap.clear()
        return True


bad = []
bad.append(Shrink(bad, 1))
try:
    heapq.heappush(bad, Shrink(bad, 0))
except RuntimeError as e:
    print('RuntimeError', e)
print(heapq.heappush, heapq.heappop.__name__)
