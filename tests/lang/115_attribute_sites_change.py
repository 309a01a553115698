# One attribute or method site meeting receivers of changing shapes: a
# module, instances of different classes, an instance that later shadows
# its class's method, a class whose method is replaced, a list.
import functools
import random


class A:
    def __init__(self):
        self.x = 1
        self.y = 2

    def f(self):
        return "A.f"


class B:
    def __init__(self):
        self.y = 20
        self.x = 10

    def f(self):
        return "B.f"


def get_x(o):
    return o.x


def call_f(o):
    return o.f()


def seed_of(m):
    return m.seed


out = []
a, b = A(), B()
for o in [a, a, b, a, b, b]:
    out.append(get_x(o))
for o in [a, a, b, a]:
    out.append(call_f(o))
a.f = lambda: "instance f"
out.append(call_f(a))
out.append(call_f(A()))
del a.f
out.append(call_f(a))
A.f = lambda self: "new A.f"
out.append(call_f(a))
out.append(call_f(b))
del a.x
try:
    get_x(a)
except AttributeError as e:
    out.append(str(e))
a.x = 5
out.append(get_x(a))
out.append(seed_of(random) is random.seed)
try:
    seed_of(functools)
except AttributeError as e:
    out.append(str(e))
print(out)

# a method site that meets a list, then an instance whose class defines append
class Log:
    def __init__(self):
        self.items = []

    def append(self, v):
        self.items.append(v * 2)


def add(target, v):
    target.append(v)


lst, log = [], Log()
for t in [lst, lst, log, lst, log]:
    add(t, 3)
print(lst, log.items)

# the same site meeting a list's native append, then a bound native held
# by an instance, then functools.partial
sink = []
shadow = Log()
shadow.append = sink.append
for t in [lst, lst, shadow, lst, shadow]:
    add(t, 4)
part = Log()
part.append = functools.partial(sink.insert, 0)
add(part, 5)
print(lst, sink, shadow.items)
