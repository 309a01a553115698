# repr of functools.partial objects: plain, flattened, with keywords, a
# subclass (its own name), one inside another.
import functools
class P(functools.partial):
    pass
print(repr(P(print, 1, sep='-')))
print(repr(functools.partial(print, 'a', 2.5, sep='-')))
print(repr(functools.partial(functools.partial(print, 1), 2)))
print(functools.partial(max, [1, 2], key=len))
p = functools.partial(print)
p.args
q = functools.partial(print, [p])
print(q)
