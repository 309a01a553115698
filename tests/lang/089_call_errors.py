def f(a, b):
    return a + b
def g(a, *, key):
    return a, key
def h(x=1):
    return x
class C:
    def m(self, v):
        return v
    def __init__(self, n):
        self.n = n
tests = [
    ("too many", lambda: f(1, 2, 3)),
    ("missing one", lambda: f(1)),
    ("missing two", lambda: f()),
    ("unexpected kw", lambda: f(1, 2, c=3)),
    ("multiple values", lambda: f(1, a=2)),
    ("kw only as positional", lambda: g(1, 2)),
    ("missing kw only", lambda: g(1)),
    ("h too many", lambda: h(1, 2)),
    ("method too many", lambda: C(1).m(1, 2)),
    ("method missing", lambda: C(1).m()),
    ("init missing", lambda: C()),
    ("len two", lambda: len([1], [2])),
    ("int from list", lambda: int([1])),
]
for name, t in tests:
    try:
        t()
        print(name, "OK")
    except TypeError as e:
        print(f"{name}: TypeError: {e}")
def takes_one(x):
    return x
print(takes_one(x=5), h(), h(x=3), g(1, key=2))
