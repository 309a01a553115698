class Temp:
    scale = "C"
    def __init__(self, c):
        self._c = c
    @property
    def celsius(self):
        return self._c
    @celsius.setter
    def celsius(self, v):
        print("setting", v)
        self._c = v
    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32
    @staticmethod
    def convert(c):
        return c * 9 / 5 + 32
    @classmethod
    def freezing(cls):
        return cls(0)
    @classmethod
    def describe(cls):
        return cls.__name__ + " in " + cls.scale
t = Temp(100)
print(t.celsius, t.fahrenheit)
t.celsius = 37
print(t.celsius, t.fahrenheit)
print(Temp.convert(10), t.convert(20))
f = Temp.freezing()
print(type(f).__name__, f.celsius)
print(Temp.describe(), t.describe())
class Sub(Temp):
    scale = "K?"
print(type(Sub.freezing()).__name__, Sub.describe())
try:
    t.fahrenheit = 5
except AttributeError as e:
    print("AttributeError")
class Lazy:
    def __init__(self):
        self.calls = 0
    @property
    def value(self):
        self.calls += 1
        return self.calls * 10
l = Lazy()
print(l.value, l.value, l.calls)
