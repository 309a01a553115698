class Bag:
    def __init__(self, *items):
        self.items = list(items)
    def __len__(self):
        return len(self.items)
    def __getitem__(self, i):
        return self.items[i]
    def __setitem__(self, i, v):
        self.items[i] = v
    def __delitem__(self, i):
        del self.items[i]
    def __contains__(self, x):
        print("contains?", x)
        return x in self.items
    def __iter__(self):
        return iter(self.items)
b = Bag(1, 2, 3)
print(len(b), b[0], b[-1])
b[1] = 20
print(b.items)
del b[0]
print(b.items, len(b))
print(2 in b, 20 in b, 5 not in b)
print(list(b), [x * 2 for x in b])
print(bool(Bag()), bool(b))
class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1
for i in Countdown(3):
    print("tick", i)
print(list(Countdown(4)), sum(Countdown(10)))
it = iter(Countdown(2))
print(next(it), next(it), next(it, 'done'))
class Seq:
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError(i)
        return i * i
print(list(Seq()))
class Adder:
    def __init__(self, n):
        self.n = n
    def __call__(self, x, y=0):
        return self.n + x + y
add5 = Adder(5)
print(add5(1), add5(1, y=2), callable(add5), callable(5))
class Sq:
    def __getitem__(self, key):
        return key
s = Sq()
print(s[1:3], s[::2], s[1, 2], s['k'])
