import a
import a.b.c
import a as b, c.d as e
from a import b
from a.b import c as d, e
from . import x
from .. import y
from ... import z
from .... import w
from .a import (b, c as d,)
from .a.b import (c)
x = y = z = 1
a, b = b, a
[a, b] = c
(a, b), c = d
a, *b = c
*a, b = c
[*a] = b
a.b = c
a[b] = c
a[b:c] = d
a[b, c] = d
x += 1; x -= 1; x *= 2; x /= 2; x //= 2; x %= 2; x **= 2; x @= m
x >>= 1; x <<= 1; x &= 1; x |= 1; x ^= 1
a.b += 1
a[b] += 1
x: int
x: int = 1
(x): int = 1
a.b: int
a[b]: int = 2
x: list[int] = [1]
del a
del a, b
del a.b, a[b], (c, d), [e]
del (a)
del (a,)
assert x
assert x, "msg"
pass
global g1, g2
x = yield_
raise
raise E
raise E("m")
raise E from None
if a:
    pass
elif b:
    pass
elif c:
    pass
else:
    pass
if a: pass
if a: x = 1; y = 2
if a: x = 1;
while a:
    break
else:
    continue_ = 1
for x in y:
    continue
for x, y in z: pass
for (x, y) in z: pass
for [x, y] in z: pass
for x.a in y: pass
for x[0] in y: pass
for *a, b in c: pass
for x in a, b: pass
for x in *a, b: pass
for x in y:
    pass
else:
    pass
try:
    pass
except:
    pass
try:
    pass
except E:
    pass
except (E, F) as e:
    pass
except E as e:
    pass
else:
    pass
finally:
    pass
try:
    pass
finally:
    pass
with a: pass
with a as b: pass
with a as b, c as d: pass
with a, b: pass
with (a, b): pass
with (a as b, c): pass
with (a as b, c as d,): pass
with (a): pass
with (a) as b: pass
with (a, b) as c: pass
with a as (b, c): pass
with a as [b, c]: pass
with a as b.c: pass
with f(x) as y[0]: pass
with (yield_): pass
with (a for a in b): pass
class A: pass
class B(A): pass
class C(A, B, metaclass=M, **kw): pass
class D(): pass
class E(*bases): pass
@dec
class F: pass
@dec
@dec2(arg)
@a.b.c
@x[0]
@(lambda f: f)
def f(): pass
def f(a, b=1, *args, c, d=2, **kwargs) -> int: pass
def f(a, /): pass
def f(a, /, b): pass
def f(a=1, /, b=2): pass
def f(a, /, *, b): pass
def f(*, a): pass
def f(*, a=1, b): pass
def f(**k): pass
def f(*a, **k): pass
def f(a: int, b: "str" = "x", *c: tuple, d: int = 1, **e: dict) -> None: pass
def f(a,): pass
def f(*a,): pass
def f(**a,): pass
def f(*, a,): pass
def f(a, b, /, c, d, *, e, f): pass
def f():
    nonlocal_ = 1
    def g():
        nonlocal nonlocal_
        global x
        return
    return g
def f():
    return 1, 2
def f():
    return *a, b
def f():
    yield
    yield 1
    yield 1, 2
    yield *a, b
    x = yield
    x = yield 1
    yield from a
    x = yield from a
    await_ = (yield)
    return (yield)
async def f():
    await x
    await x.y()
    x = await y
    await asyncio.sleep(1)
    async with a as b, c:
        pass
    async with (a as b):
        pass
    r = [x async for x in y]
    r = [await x for x in y]
    r = {x: y async for x, y in z if await w}
    r = (x async for x in y)
    return await f() + await g()
    await x ** 2
    -await x
