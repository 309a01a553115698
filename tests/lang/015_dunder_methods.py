class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __repr__(self):
        return f"Vec({self.x}, {self.y})"
    def __str__(self):
        return f"<{self.x},{self.y}>"
    def __eq__(self, other):
        return isinstance(other, Vec) and self.x == other.x and self.y == other.y
    def __lt__(self, other):
        return (self.x, self.y) < (other.x, other.y)
    def __add__(self, other):
        return Vec(self.x + other.x, self.y + other.y)
    def __sub__(self, other):
        return Vec(self.x - other.x, self.y - other.y)
    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)
    def __neg__(self):
        return Vec(-self.x, -self.y)
    def __bool__(self):
        return self.x != 0 or self.y != 0
    def __hash__(self):
        return hash((self.x, self.y))
a = Vec(1, 2)
b = Vec(3, 4)
print(a, repr(a), [a, b])
print(str(a), f"{a}", f"{a!r}")
print(a + b, b - a, a * 3, -a)
print(a == Vec(1, 2), a != b, a == 5)
print(a < b, b < a, a > b)
print(sorted([b, a, Vec(0, 9)]))
print(bool(a), bool(Vec(0, 0)))
if not Vec(0, 0):
    print("zero vector is falsy")
c = a
c += b
print(c, a)
print(max([a, b, Vec(2, 0)]), min(a, b))
print(len({a, Vec(1, 2), b}))
print(a in [Vec(1, 2)], Vec(5, 5) in [a, b])
