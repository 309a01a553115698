print([x * x for x in range(6)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([(x, y) for x in range(3) for y in range(x)])
print([[j for j in range(i)] for i in range(4)])
print([x + y for x in "ab" for y in "cd"])
print({x: x * x for x in range(5)})
print({k: v for k, v in zip("abc", [1, 2, 3]) if v != 2})
print(sorted({x % 4 for x in range(20)}))
print({n for n in [1, 2, 2, 3]} == {1, 2, 3})
print(sum(x for x in range(101)), sum(x * x for x in range(4)))
print(any(x > 5 for x in [1, 7]), all(x > 0 for x in [1, -1]))
print(list(x for x in "hi"), tuple(c.upper() for c in "hi"))
print(max(len(w) for w in ["a", "abc", "ab"]))
g = (x * 2 for x in range(3))
print(type(g).__name__, next(g), list(g), list(g))
x = "outer"
res = [x for x in range(3)]
print(x, res)
matrix = [[1, 2, 3], [4, 5, 6]]
print([[row[i] for row in matrix] for i in range(3)])
print([v for row in matrix for v in row if v % 2])
print({w: len(w) for w in ["apple", "kiwi", "fig"]})
print([i if i % 2 else -i for i in range(5)])
print(dict((k, k * 2) for k in range(3)))
n = 10
print([n * i for i in range(3)])
class K:
    vals = [1, 2, 3]
    doubled = [v * 2 for v in vals]
print(K.doubled)
print(sorted((y, x) for x, y in {'a': 2, 'b': 1}.items()))
print(",".join(str(i) for i in range(5)))
