s = {3, 1, 2}
s.add(4); s.add(1)
print(sorted(s), len(s), 2 in s, 9 in s)
s.discard(9); s.discard(4)
print(sorted(s))
s.remove(3)
print(sorted(s))
try:
    s.remove(42)
except KeyError as e:
    print("KeyError", e)
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(b - a), sorted(a ^ b))
print(sorted(a.union(b)), sorted(a.intersection(b)), sorted(a.difference(b)), sorted(a.symmetric_difference(b)))
print(sorted(a.union([10, 11], (12,))))
print({1, 2}.issubset(a), a.issubset({1}), a.issuperset({1, 2}), {1, 2} <= a, {1, 2} < {1, 2}, a >= {9})
print(a.isdisjoint({7, 8}), a.isdisjoint(b))
c = set([1, 1, 2]); print(len(c), sorted(c))
words = set("mississippi".split("s"))
print(sorted(words), len(words))
letters = set("hello")
print(sorted(letters), len(letters))
e = set()
print(e, len(e), bool(e))
a2 = set(a)
a2 |= {100}
a2 -= {1}
a2 &= {2, 3, 100}
print(sorted(a2), sorted(a))
f = frozenset([1, 2])
print(sorted(f), 1 in f, len(f))
print(sorted({x * x for x in range(-3, 4)}))
t = {5}
t.update([6, 7], {8})
print(sorted(t))
print({1, 2, 3} == {3, 2, 1}, {1} != {2})
cp = t.copy(); cp.clear(); print(len(t), len(cp))
p = {9}
print(p.pop(), p)
