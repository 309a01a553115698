# object.__setattr__ and object.__delattr__, called directly and through
# super() from a class's own __setattr__ / __delattr__; a class's
# __setattr__ runs before a property's setter, which it reaches through
# object.__setattr__.
class B:
    def __init__(self):
        object.__setattr__(self, 'y', 2)
print(B().y)
print(hasattr(object, '__setattr__'), hasattr(object, '__delattr__'))
class C:
    def __delattr__(self, name):
        print("del", name)
        super().__delattr__(name)
c = C()
c.z = 3
print(c.z)
del c.z
print(hasattr(c, 'z'))
class P:
    def __init__(self):
        self._v = 0
    @property
    def v(self):
        return self._v
    @v.setter
    def v(self, value):
        print("setter", value)
        self._v = value
    def __setattr__(self, name, value):
        print("__setattr__", name, value)
        super().__setattr__(name, value)
p = P()
p.v = 5
print(p.v)
class Frozen:
    __slots__ = ()
    def __setattr__(self, name, value):
        raise AttributeError(f"frozen: {name}")
try:
    Frozen().a = 1
except AttributeError as e:
    print("AttributeError", e)
class Counter:
    def __init__(self):
        object.__setattr__(self, 'n', 0)
    def __setattr__(self, name, value):
        object.__setattr__(self, name, value * 2)
k = Counter()
k.n = 4
print(k.n)
try:
    del k.missing
except AttributeError as e:
    print("AttributeError", e)


# object.__new__ makes only plain instances: a built-in type refuses it
for t in (list, dict, type, int, str, tuple, set):
    try:
        object.__new__(t)
    except TypeError as e:
        print("TypeError", e)
print(type(object.__new__(Counter)).__name__, type(object.__new__(object)).__name__)
