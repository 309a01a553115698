import heapq
import random
random.seed(7)
h = []
for x in [5, 3, 8, 1, 9, 2, 7, 3, 3]:
    heapq.heappush(h, x)
print(h)
print([heapq.heappop(h) for _ in range(len(h))])
data = [random.randint(0, 50) for _ in range(40)]
hh = list(data)
heapq.heapify(hh)
print(hh)
print(heapq.heappushpop(hh, 1), heapq.heappushpop(hh, 60), heapq.heapreplace(hh, 25), hh[:8])
print(heapq.nsmallest(5, data), heapq.nlargest(5, data), heapq.nsmallest(1, data), heapq.nlargest(100, data)[:3])
pairs = [(x % 7, i) for i, x in enumerate(data)]
print(heapq.nsmallest(4, data, key=lambda x: x % 7), heapq.nlargest(4, data, key=lambda x: x % 7))
print(heapq.nsmallest(3, iter(data)), heapq.nlargest(3, iter(data)), heapq.nsmallest(0, data), heapq.nlargest(2, []))
print(list(heapq.merge([1, 3, 5, 7], [0, 2, 4, 8], [5, 10, 15, 20], [], [25])))
print(list(heapq.merge(['dog', 'horse'], ['cat', 'fish', 'kangaroo'], key=len)))
print(list(heapq.merge([7, 5, 1], [8, 2], reverse=True)))
tasks = []
heapq.heappush(tasks, (2, 'write'))
heapq.heappush(tasks, (1, 'read'))
heapq.heappush(tasks, (2, 'alpha'))
heapq.heappush(tasks, (1, 'zzz'))
print(tasks, heapq.heappop(tasks), tasks)
try:
    heapq.heappop([])
except IndexError as e:
    print('IE', e)
class T:
    def __init__(self, p, n): self.p = p; self.n = n
    def __lt__(self, o): return self.p < o.p
    def __repr__(self): return self.n
ts = []
for i, p in enumerate([3, 1, 3, 1, 2, 3, 1]):
    heapq.heappush(ts, T(p, 'n%d' % i))
print(ts, [heapq.heappop(ts) for _ in range(7)])
