from collections import deque
d = deque([1, 2])
print(d, len(d), bool(d), bool(deque()))
d.append(3); d.appendleft(0)
print(d, d[0], d[-1], d[2])
print(d.pop(), d.popleft(), d)
d.extend(range(10)); d.extendleft('ab')
print(d)
d.rotate(3); print(d)
d.rotate(-5); print(d)
d.remove(5); print(d, 7 in d, 50 in d)
try:
    d.remove(99)
except ValueError as e:
    print("VE", e)
m = deque(range(5), maxlen=3)
print(m, m.maxlen)
m.append(9); print(m)
m.appendleft(-1); print(m)
m.extend([7,8]); print(m)
try:
    m.insert(0, 1)
except IndexError as e:
    print("IE", e)
e = deque()
for meth in (e.pop, e.popleft):
    try:
        meth()
    except IndexError as ex:
        print("IE", ex)
try:
    e[0]
except IndexError as ex:
    print("IE", ex)
q = deque()
for i in range(100):
    q.append(i)
    if i % 3 == 0: q.popleft()
    if i % 7 == 0: q.appendleft(-i)
print(list(q), sum(q))
print(list(reversed(deque([1,2,3]))))
try:
    for x in q:
        q.append(1)
except RuntimeError as ex:
    print("RE", ex)
print(deque([1]) == deque([1]), deque([1]) == [1], deque([1,2]) < deque([1,3]))
z = deque('abc'); z[1] = 'X'; del z[0]; print(z, z.index('c'), z.count('X'))
z.insert(1, 'q'); print(z); z.reverse(); print(z)
print(deque(maxlen=0), deque([1,2]) + deque([3]), deque([1]) * 3)
z.clear(); print(z)
w = deque([1,2,3]); w += [4]; print(w, w.copy())
print(deque(range(20), 5))


# truth goes through __len__, which a subclass may override (CPython's
# deque has no __bool__ of its own)
class Emptyish(deque):
    def __len__(self):
        return 0


print(not Emptyish([1, 2]), bool(Emptyish([1])), bool(deque([0])), not deque())
