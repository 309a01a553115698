def gen():
    print("start")
    yield 1
    print("middle")
    yield 2
    print("end")
g = gen()
print(type(g).__name__)
print(next(g))
print(next(g))
try:
    next(g)
except StopIteration as e:
    print("StopIteration", e.value)
def count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1
print(list(count_up(5)), sum(count_up(5)))
def with_return():
    yield 'a'
    return 'result'
g = with_return()
print(next(g))
try:
    next(g)
except StopIteration as e:
    print("returned", repr(e.value), e.args)
def inner():
    x = yield 'i1'
    print("inner got", x)
    yield 'i2'
    return 'inner-done'
def outer():
    r = yield from inner()
    print("outer got", r)
    yield from [10, 20]
    yield from range(2)
print(list(outer()))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(10)])
def gen_in_for():
    for c in "xyz":
        yield c.upper()
for c in gen_in_for():
    print(c, end="")
print()
def empty_gen():
    return
    yield
print(list(empty_gen()))
def yield_expr():
    x = yield
    print("received", x)
g = yield_expr()
print(next(g))
try:
    g.send("hello")
except StopIteration:
    print("done")
def gen_finally():
    try:
        yield 1
        yield 2
    finally:
        print("gen cleanup")
gf = gen_finally()
for v in gf:
    print("got", v)
    break
print("after break")
gf.close()
print("after close")
