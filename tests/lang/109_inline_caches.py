# Inline caches of LOAD_GLOBAL, LOAD_ATTR and LOAD_METHOD (ls-interpreter.c):
# each function below runs the same instruction many times, and the thing
# it reads changes under it after the cache is warm.


def show(label, values):
    print(label, values)


# --- globals and builtins ---------------------------------------------------

G = 1


def read_g():
    return G


def read_len():
    return len([1, 2, 3])


def read_maybe():
    try:
        return MAYBE
    except NameError as e:
        return str(e)


out = []
for i in range(6):
    out.append(read_g())
    if i == 2:
        G = 'rebound'
    if i == 4:
        del G
        try:
            read_g()
        except NameError as e:
            out.append(str(e))
        G = 'back'
show('global rebound and deleted', out)

out = []
for i in range(8):
    out.append(read_len())
    if i == 2:
        def len(x):
            return 'shadowed'
    if i == 5:
        del len
show('builtin shadowed then unshadowed', out)

out = []
for i in range(6):
    out.append(read_maybe())
    if i == 1:
        MAYBE = 'now defined'
    if i == 3:
        del MAYBE
show('global appears and goes', out)

# Globals of other names come and go; the dict regrows and squeezes out
# its holes, so G's entry moves.
EARLY1 = EARLY2 = EARLY3 = 'early'


def churn(i):
    global EARLY1, EARLY2, EARLY3, N0, N1, N2, N3, N4, N5, N6, N7, N8, N9
    if i == 0:
        del EARLY1, EARLY2, EARLY3
    N0 = N1 = N2 = N3 = N4 = N5 = N6 = N7 = N8 = N9 = i
    if i == 2:
        del N0, N1, N2, N3, N4


out = []
for i in range(5):
    out.append(read_g())
    churn(i)
show('other globals added and deleted', out)


# --- class attributes -------------------------------------------------------

class Base:
    kind = 'base'

    def who(self):
        return 'Base.who'


class Child(Base):
    pass


def read_kind(obj):
    return obj.kind


def call_who(obj):
    return obj.who()


def get_who(obj):
    return obj.who


c = Child()
out = []
for i in range(8):
    out.append(read_kind(c))
    if i == 1:
        Base.kind = 'base changed'
    if i == 3:
        Child.kind = 'child shadows'
    if i == 5:
        c.kind = 'instance shadows'
show('class attribute', out)

out = []
for i in range(10):
    out.append(call_who(c))
    out.append(get_who(c)())
    if i == 1:
        Base.who = lambda self: 'replaced on Base'
    if i == 3:
        Child.who = lambda self: 'Child.who'
    if i == 5:
        c.who = lambda: 'on the instance'
    if i == 7:
        del c.who
show('method replaced', out)

del Child.who
out = []
for i in range(4):
    out.append(call_who(c))
    if i == 1:
        del Base.who
        try:
            call_who(c)
        except AttributeError as e:
            out.append(str(e))
        Base.who = lambda self: 'restored'
show('method deleted', out)


# --- instance attributes in dicts of different layouts --------------------

class Point:
    def __init__(self, x, y, order):
        if order:
            self.x = x
            self.y = y
        else:
            self.y = y
            self.x = x


def read_x(p):
    return p.x


points = [Point(i, -i, i % 2) for i in range(6)]
show('instance attribute', [read_x(p) for p in points])
del points[2].x
points[2].z = 'z'
out = []
for p in points:
    try:
        out.append(read_x(p))
    except AttributeError as e:
        out.append(str(e))
show('instance attribute deleted', out)
points[2].x = 'again'
show('instance attribute again', [read_x(p) for p in points])


# --- properties and __getattr__ added later -------------------------------

class Lazy:
    def __init__(self):
        self.value = 'plain'


def read_value(obj):
    return obj.value


def read_missing(obj):
    try:
        return obj.missing
    except AttributeError as e:
        return 'AttributeError ' + str(e)


lz = Lazy()
out = []
for i in range(8):
    out.append(read_value(lz))
    out.append(read_missing(lz))
    if i == 1:
        Lazy.value = property(lambda self: 'from property')
    if i == 3:
        Lazy.__getattr__ = lambda self, name: 'getattr ' + name
    if i == 5:
        del Lazy.value
        del Lazy.__getattr__
show('property and __getattr__', out)


class Counter:
    def __init__(self):
        self.n = 0

    @property
    def twice(self):
        self.n += 1
        return self.n * 2


def read_twice(obj):
    return obj.twice


k = Counter()
show('property getter runs each time', [read_twice(k) for _ in range(5)])


def bad_getter(self):
    raise ValueError('getter failed')


Counter.twice = property(bad_getter)
try:
    read_twice(k)
except ValueError as e:
    print('property raised', e)


# --- subclass shadowing its base after warm-up -------------------------------

class Animal:
    def sound(self):
        return 'generic'


class Dog(Animal):
    pass


def speak(a):
    return a.sound()


d = Dog()
out = []
for i in range(5):
    out.append(speak(d))
    if i == 2:
        Dog.sound = lambda self: 'woof'
show('subclass shadows base', out)


# --- the receiver's type changes at one instruction ---------------------------

class A:
    def f(self):
        return 'A.f'
    tag = 'A'


class B:
    def f(self):
        return 'B.f'
    tag = 'B'


def poly(obj):
    return obj.f(), obj.tag


show('polymorphic', [poly(o) for o in [A(), A(), B(), A(), B(), B()]])


# --- methods of built-in types and modules -----------------------------------

import functools


def call_append(lst, v):
    lst.append(v)
    return len(lst)


lst = []
show('list.append', [call_append(lst, i) for i in range(4)])


def use_reduce(values):
    return functools.reduce(lambda a, b: a + b, values)


out = []
for i in range(5):
    out.append(use_reduce([1, 2, 3]))
    if i == 2:
        functools.reduce = lambda f, values: 'module attribute replaced'
show('module attribute', out)

out = []
for i in range(4):
    try:
        out.append(use_reduce([1, 2, 3]))
    except AttributeError as e:
        out.append(str(e))
    if i == 1:
        del functools.reduce
show('module attribute deleted', out)


# --- staticmethod, classmethod and a class attribute holding a function -----

class Tools:
    scale = 3

    @staticmethod
    def double(x):
        return x * 2

    @classmethod
    def make(cls):
        return cls.__name__ + str(cls.scale)


class MoreTools(Tools):
    scale = 5


def use_tools(t):
    return t.double(4), t.make(), Tools.make(), MoreTools.make()


show('static and class methods', [use_tools(t) for t in [Tools(), MoreTools(), Tools()]])


# --- attributes of classes themselves ----------------------------------------

def class_attr(cls):
    return cls.scale


out = []
for i in range(4):
    out.append(class_attr(Tools))
    if i == 1:
        Tools.scale = 30
show('class object attribute', out)


# --- __class__ reads ---------------------------------------------------------

def class_name(obj):
    return obj.__class__.__name__


show('__class__', [class_name(o) for o in [A(), B(), 1, 'x', [], d]])


# --- the same name on an instance, then on the class, then gone -------------

class Slot:
    pass


def read_slot(obj):
    try:
        return obj.thing
    except AttributeError:
        return 'missing'


s = Slot()
out = []
for i in range(7):
    out.append(read_slot(s))
    if i == 1:
        Slot.thing = 'class'
    if i == 3:
        s.thing = 'instance'
    if i == 4:
        del Slot.thing
    if i == 5:
        del s.thing
show('name moves', out)


# --- classes made and dropped while the collector runs: a new class may
# take a dead one's address ------------------------------------------------

def make_class(n):
    class Made:
        value = n

        def get(self):
            return self.value * 2

    return Made


def read_made(obj):
    return obj.value, obj.get()


total = 0
for n in range(3000):
    obj = make_class(n)()
    v, g = read_made(obj)
    total += v + g
    junk = [[n] * 20 for _ in range(10)]
print('made classes', total)


# --- STORE_ATTR: a property setter or __setattr__ appears later ------------

class Box:
    def __init__(self):
        self.content = 0


class SubBox(Box):
    pass


def put(box, v):
    box.content = v
    return box.content


out = []
b = SubBox()
log = []
for i in range(10):
    out.append(put(b, i))
    if i == 1:
        Box.content = property(lambda self: 'prop ' + str(self.__dict__['content']),
                               lambda self, v: log.append(('set', v)))
    if i == 3:
        del Box.content
    if i == 5:
        def trace_set(self, name, value):
            log.append((name, value))
            self.__dict__[name] = value * 10
        SubBox.__setattr__ = trace_set
    if i == 7:
        del SubBox.__setattr__
show('store through property and __setattr__', out)
show('store log', log)

# stores into instances whose dicts have other orders, and new names
boxes = [Box() for _ in range(4)]
boxes[1].extra = 'e'
del boxes[2].content
boxes[3].__dict__.clear()
for i, bx in enumerate(boxes):
    put(bx, i * 100)
show('stores into various dicts', [sorted(bx.__dict__.items()) for bx in boxes])
