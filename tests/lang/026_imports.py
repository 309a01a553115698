import time
import random as rnd
import functools
import contextlib
from functools import reduce, partial
from random import seed as set_seed
print(type(time).__name__, time.__name__, rnd.__name__)
print(reduce(lambda a, b: a + b, [1, 2, 3, 4]))
print(reduce(lambda a, b: a * b, [1, 2, 3, 4], 10))
print(functools.reduce(max, [3, 9, 2]))
def power(base, exp):
    return base ** exp
square = partial(power, exp=2)
cube = functools.partial(power, exp=3)
print(square(5), cube(2))
p = partial(power, 2)
print(p(10))
set_seed(1)
a = rnd.random()
rnd.seed(1)
print(a == rnd.random())
print(type(time.time()).__name__)
print(type(time.monotonic()).__name__, type(time.perf_counter()).__name__)
def f():
    import functools as ft
    return ft.reduce(lambda a, b: a - b, [10, 1, 2])
print(f())
print(callable(contextlib.contextmanager))
