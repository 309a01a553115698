x = 10
squares = [x * x for x in range(4)]
print(x, squares)
gen = (x for x in range(3))
print(x, list(gen))
def f():
    y = 5
    return [y + i for i in range(3)]
print(f())
class A:
    base = 100
    first = [i for i in range(3)]
print(A.first)
def make():
    return [lambda: i for i in range(3)]
print([fn() for fn in make()])
def make2():
    return [(lambda i=i: i) for i in range(3)]
print([fn() for fn in make2()])
n = 3
matrix = [[r * n + c for c in range(n)] for r in range(n)]
print(matrix)
flat = [v for row in matrix for v in row if v % 2 == 0]
print(flat)
pairs = {(a, b) for a in range(3) for b in range(3) if a + b == 2}
print(sorted(pairs))
outer = [1, 2, 3]
print([[o * i for i in range(2)] for o in outer])
def uses_enclosing():
    factor = 3
    return {k: k * factor for k in "ab"}
print(uses_enclosing())
print([(i, j) for i in range(3) if i for j in range(i)])
print(sum(v for v in range(5) if v != 2), [c for c in "hello" if c not in "aeiou"])
print([w for w in ["a", "bb", "ccc"] if len(w) > 1 if w != "ccc"])
print([[x for x in range(y)] for y in range(3)])
total = 0
for k in [i * 2 for i in range(5)]:
    total += k
print(total)
