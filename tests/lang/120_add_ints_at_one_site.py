# One `+` or `+=` site meeting ints, then what else adds: large ints
# (within 64 bits, Loopscope's limit), floats, bools, strings, lists, a class
# with __add__ and __radd__, and an error, in a seeded random order.
import random


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __add__(self, other):
        return Money(self.cents + (other.cents if isinstance(other, Money) else other))

    def __radd__(self, other):
        return Money(other + self.cents)

    def __repr__(self):
        return "Money(%d)" % self.cents


def add(a, b):
    return a + b


def bump(n, by):
    n += by
    return n


big = 2 ** 62
cases = [(1, 2), (big, 1), (big, big - 1), (-big, -5), (-big, -big), (True, 1), (1, 2.5),
         (1.5, 2.5), ("a", "b"), ([1], [2]), (Money(5), 3), (3, Money(4)), (7, -7)]
for a, b in cases:
    print(repr(add(a, b)), repr(bump(a, b)))

random.seed(20261127)
total = 0
for i in range(2000):
    a, b = random.choice(cases)
    r = add(a, b)
    if isinstance(r, int):
        total = bump(total, r % 1000003)
print(total)

n = 0
for i in range(100000):
    n += 1
print(n, type(n).__name__)
m = big - 3
for i in range(6):
    m += 1
    print(m, m > big)
try:
    add(1, "x")
except TypeError as e:
    print("TypeError:", e)
try:
    bump(None, 1)
except TypeError as e:
    print("TypeError:", e)
