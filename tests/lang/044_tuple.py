t = (1, 2, 3, 2)
print(t, len(t), t[0], t[-1], t[1:3], t.count(2), t.index(3))
print((1,), (), tuple(), tuple([1, 2]), tuple("ab"), tuple(range(3)))
print(t + (4,), t * 2, (0,) * 3, 2 in t, 9 not in t)
print((1, 2) < (1, 3), (1, 2, 3) > (1, 2), (2,) > (1, 99), (1, 2) == (1, 2))
try:
    t[0] = 5
except TypeError as e:
    print("TypeError:", e)
a, b, *c = t
print(a, b, c)
nested = ((1, 2), (3, (4, 5)))
print(nested[1][1][1], len(nested))
print(hash((1, 2)) == hash((1, 2)), {(1, 2): 'pair'}[(1, 2)])
mut = ([1], 2)
mut[0].append(5)
print(mut)
def multi():
    return 1, 'two', 3.0
x = multi()
print(x, type(x).__name__)
print(sorted((3, 1, 2)), max((3, 1, 2)), tuple(sorted((3, 1, 2))))
print(repr((1, 'a', None)), str(('x',)))
print(tuple(x * 2 for x in (1, 2)))
print(t.index(2), t.index(2, 2))
for i, v in enumerate(('a', 'b')):
    print(i, v)
print((1, 2)[::-1], ('a', 'b', 'c')[::2])
