# One `for` site meeting a range, a list, a generator (which runs the same
# site over a range while the outer loop waits on it), reversed ranges,
# a string, and a range iterator left half consumed.


def walk(it, depth):
    out = []
    for x in it:
        if depth and x == 1:
            out.append(walk(range(2), depth - 1))
        out.append(x)
    return out


def gen(depth):
    yield 1
    yield walk(range(3), 0) if depth else 0
    for y in range(2):
        yield walk(range(y + 1), 0)
    yield 2


print(walk(range(3), 1))
print(walk([0, 1, 2], 1))
print(walk(gen(1), 1))
print(walk(iter(range(5)), 0), walk(reversed(range(4)), 0), walk("ab", 0))
it = iter(range(10, 0, -3))
print(next(it), walk(it, 0), walk(it, 0))
print(walk(range(-2**62, 2**62, 2**61), 0))
print([walk(range(n), 0) for n in range(4)])
