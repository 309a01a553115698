def sub(name):
    print(f"{name} start")
    try:
        while True:
            got = yield f"{name} ready"
            if got == "stop":
                return f"{name} stopped"
            print(f"{name} got {got}")
    except KeyError as e:
        print(f"{name} handled {e!r}")
        return f"{name} after KeyError"
    finally:
        print(f"{name} finally")
def parent():
    r1 = yield from sub("A")
    print("parent saw", r1)
    r2 = yield from sub("B")
    print("parent saw", r2)
    return "parent done"
p = parent()
print(next(p))
print(p.send(1))
print(p.send("stop"))
print(p.send(2))
try:
    p.throw(KeyError("k"))
except StopIteration as e:
    print("parent returned", e.value)
def outer_gen():
    x = yield from inner_gen()
    yield x
def inner_gen():
    yield 1
    yield 2
    return 3
print(list(outer_gen()))
def closer():
    yield from sub("C")
c = closer()
next(c)
c.close()
print("closed delegating generator")
def gen_return_value():
    yield from []
    return "nothing yielded"
g = gen_return_value()
try:
    next(g)
except StopIteration as e:
    print(e.value)
def depth(n):
    if n == 0:
        yield "bottom"
        return 0
    r = yield from depth(n - 1)
    yield f"level {n}"
    return r + 1
d = depth(3)
out = []
while True:
    try:
        out.append(next(d))
    except StopIteration as e:
        out.append(("result", e.value))
        break
print(out)
