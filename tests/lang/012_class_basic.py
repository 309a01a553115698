class Point:
    dims = 2
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def norm2(self):
        return self.x * self.x + self.y * self.y
    def move(self, dx, dy=0):
        self.x += dx
        self.y += dy
        return self
p = Point(3, 4)
print(p.x, p.y, p.norm2())
print(p.move(1).x, p.y)
print(Point.dims, p.dims)
p.dims = 3
print(Point.dims, p.dims)
Point.dims = 5
q = Point(0, 0)
print(q.dims)
print(Point)
print(type(p))
print(type(p) is Point, isinstance(p, Point))
print(Point.__name__)
m = p.norm2
print(m())
print(Point.norm2(q))
class Empty:
    pass
e = Empty()
e.a = 1
e.b = [1, 2]
print(e.a, e.b)
print(hasattr(e, 'a'), hasattr(e, 'c'))
class Counter:
    total = 0
    def __init__(self):
        Counter.total += 1
        self.n = Counter.total
for _ in range(3):
    c = Counter()
print(Counter.total, c.n)
print(type(int), type(Point))
print(int, str, float, list, dict, tuple, set, bool, type(None))
print(repr(Point), str(Point))
