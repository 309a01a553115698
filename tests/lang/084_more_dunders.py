class Money:
    def __init__(self, cents):
        self.cents = cents
    def __repr__(self):
        return f"Money({self.cents})"
    def __eq__(self, o):
        return isinstance(o, Money) and self.cents == o.cents
    def __lt__(self, o):
        return self.cents < o.cents
    def __le__(self, o):
        return self.cents <= o.cents
    def __gt__(self, o):
        return self.cents > o.cents
    def __ge__(self, o):
        return self.cents >= o.cents
    def __add__(self, o):
        if isinstance(o, int):
            return Money(self.cents + o)
        return Money(self.cents + o.cents)
    def __radd__(self, o):
        return self.__add__(o)
    def __iadd__(self, o):
        print("iadd called")
        self.cents += o.cents
        return self
    def __mul__(self, k):
        return Money(self.cents * k)
    __rmul__ = __mul__
    def __truediv__(self, k):
        return Money(self.cents // k)
    def __mod__(self, k):
        return Money(self.cents % k)
    def __neg__(self):
        return Money(-self.cents)
    def __abs__(self):
        return Money(abs(self.cents))
    def __len__(self):
        return len(str(self.cents))
a, b = Money(150), Money(275)
print(a + b, a + 5, 5 + a, sum([a, b]), a * 2, 3 * a, b / 2, b % 100)
print(a < b, a <= b, a > b, a >= b, a == Money(150), a != b, a != Money(150))
print(-a, abs(-a), len(b), bool(Money(0)))
c = a
c += b
print(c, a, c is a)
print(sorted([b, a, Money(1)]), max(a, b), min([b, a]))
class NoStr:
    def __repr__(self):
        return "NoStr<>"
print(NoStr(), str(NoStr()), [NoStr()], f"{NoStr()}")
class OnlyStr:
    def __str__(self):
        return "only-str"
print(OnlyStr(), str(OnlyStr()))
class EqOnly:
    def __init__(self, v):
        self.v = v
    def __eq__(self, o):
        return self.v == o.v
print(EqOnly(1) == EqOnly(1), EqOnly(1) != EqOnly(2))
try:
    {EqOnly(1)}
except TypeError as e:
    print("TypeError:", e)
class Cmp:
    def __init__(self, v):
        self.v = v
    def __lt__(self, o):
        return self.v < o.v
print(Cmp(1) > Cmp(0), Cmp(2) > Cmp(1), Cmp(0) < Cmp(1), Cmp(0) > Cmp(1))
try:
    Cmp(1) <= Cmp(2)
except TypeError as e:
    print("TypeError:", e)
class Ctr:
    def __init__(self):
        self.d = {}
    def __getitem__(self, k):
        return self.d.get(k, 0)
    def __setitem__(self, k, v):
        self.d[k] = v
c = Ctr()
for ch in "abca":
    c[ch] += 1
print(c.d, c["zz"])
