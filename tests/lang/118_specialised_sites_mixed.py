# Attribute, method, global and call sites whose receivers change in a
# seeded random order, with classes and instances changed in between:
# every specialised form of an instruction meets every other shape.
import random


class P:
    kind = "P"

    def __init__(self, v):
        self.v = v

    def get(self):
        return self.v


class Q(P):
    kind = "Q"

    def get(self):
        return -self.v


class R:
    def __init__(self):
        self.get = lambda: "own"
        self.v = "r"
        self.kind = "instance kind"


import functools as mod_a
import heapq as mod_b


def site_attr(o):
    return o.v


def site_kind(o):
    return o.kind


def site_method(o):
    return o.get()


def site_mod(m):
    return m.__name__


random.seed(7)
rng = random
objs = [P(1), Q(2), R(), P(3), [1, 2], "str", mod_a, mod_b]
log = []
for step in range(400):
    o = rng.choice(objs)
    for fn in (site_attr, site_kind, site_method, site_mod):
        try:
            log.append(str(fn(o)))
        except AttributeError as e:
            log.append("AE:" + str(e)[:20])
    if step == 100:
        P.get = lambda self: "patched"
    if step == 200:
        del P.kind
    if step == 300:
        objs[0].v = "changed"
        objs[3].__dict__["get"] = lambda: "dict"
    for x in range(rng.randrange(3)):
        log.append(str(x))
print(len(log))
print(" ".join(log[:60]))
print(" ".join(log[-60:]))
print(sum(len(s) for s in log))
