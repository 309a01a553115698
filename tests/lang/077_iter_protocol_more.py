class Range2:
    def __init__(self, start, stop):
        self.start, self.stop = start, stop
    def __iter__(self):
        cur = self.start
        while cur < self.stop:
            yield cur
            cur += 1
r = Range2(1, 4)
print(list(r), list(r), sum(r), max(r), 2 in r, 9 in r)
print([(a, b) for a in r for b in r if a < b])
class Fib:
    def __init__(self, limit):
        self.limit = limit
    def __iter__(self):
        return FibIter(self.limit)
class FibIter:
    def __init__(self, limit):
        self.a, self.b, self.limit = 0, 1, limit
    def __iter__(self):
        return self
    def __next__(self):
        if self.a > self.limit:
            raise StopIteration
        v = self.a
        self.a, self.b = self.b, self.a + self.b
        return v
print(list(Fib(100)))
it = iter(Fib(3))
print(next(it), next(it), next(it), next(it), next(it), next(it, "stop"))
print(iter(it) is it)
a, b, *rest = Fib(20)
print(a, b, rest)
print(dict(zip(Fib(5), "abcdef")))
print(sorted(Fib(30), reverse=True), tuple(Fib(2)))
for i, v in enumerate(Fib(8)):
    if i == 3:
        break
print(i, v)
lst = [1, 2, 3]
it1 = iter(lst)
lst.append(4)
print(list(it1))
d = {'a': 1}
keys = iter(d)
print(next(keys))
s = "xyz"
print(list(enumerate(iter(s))))
print(list(map(lambda p: p[0] * p[1], zip(Fib(10), Fib(10)))))
