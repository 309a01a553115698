# A local's method call (`x.get()`) and a store followed by a load
# (`y = ...; y.get()`) at sites whose receivers change: classes, instances
# that shadow the method, modules, an unbound local, a conditional
# expression that reaches the method lookup from two loads.
import random
import functools
import heapq


class P:
    def __init__(self, v):
        self.v = v

    def get(self):
        return self.v


class Q(P):
    def get(self):
        return -self.v


class S:
    __slots__ = ("v",)

    def __init__(self, v):
        self.v = v

    def get(self):
        return ("slot", self.v)


def call_get(o):
    return o.get()


def mod_name(m):
    return m.reduce.__name__


def cond_get(flag, a, b):
    return (a if flag else b).get()


def store_then_call(o):
    y = o
    r = y.get()
    z = r
    return z


def loop_sites(items):
    out = []
    for i, o in enumerate(items):
        x = o
        try:
            out.append(x.get())
        except AttributeError as e:
            out.append("AttributeError " + str(e))
        if i % 7 == 3:
            del x
            try:
                out.append(x.get())
            except UnboundLocalError as e:
                out.append("UnboundLocalError")
    return out


random.seed(119)
rng = random
p, q, s = P(1), Q(2), S(3)
shadowed = P(4)
shadowed.get = lambda: "own get"

for round_ in range(4):
    receivers = [p, q, s, shadowed, P(5), None, 7]
    seq = [rng.choice(receivers) for _ in range(40)]
    got = []
    for o in seq:
        try:
            got.append(call_get(o))
        except AttributeError as e:
            got.append("AttributeError " + str(e))
    print(round_, got)
    print(round_, loop_sites(seq))
    print(round_, [store_then_call(o) for o in seq if isinstance(o, P)])
    print(round_, [cond_get(rng.random() < 0.5, p, q) for _ in range(12)])
    print(round_, [cond_get(rng.random() < 0.5, q, s) for _ in range(12)])
    # a module at the same site as instances, then instances again
    print(round_, [mod_name(m) for m in (functools, functools)])
    if round_ == 1:
        # the class's method replaced while the sites are warm
        P.get = lambda self: ("replaced", self.v)
    if round_ == 2:
        # a method added on an instance that had none of its own
        p.get = lambda: "p's own"
    if round_ == 3:
        del P.get
        try:
            call_get(p)
        except AttributeError as e:
            print("AttributeError", e)
        print(call_get(q) if hasattr(Q, "get") else None)


def warm_then_module(objs):
    out = []
    for o in objs:
        out.append(o.heappush.__name__ if o is heapq else o.get())
    return out


class T:
    def get(self):
        return "T"


print(warm_then_module([T(), T(), T()]))


def module_site(m):
    return m.nlargest(2, [3, 1, 2])


print([module_site(heapq) for _ in range(3)])


class HasModuleMethod:
    def nlargest(self, n, xs):
        return ("instance", n)


print([module_site(o) for o in (heapq, HasModuleMethod(), heapq, HasModuleMethod())])
