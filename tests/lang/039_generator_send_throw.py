def accumulator():
    total = 0
    while True:
        value = yield total
        if value is None:
            break
        total += value
    return total
acc = accumulator()
print(acc.send(None))
print(acc.send(5))
print(acc.send(10))
try:
    acc.send(None)
except StopIteration as e:
    print("final", e.value)
def catcher():
    while True:
        try:
            x = yield
            print("got", x)
        except ValueError as e:
            print("caught inside", e)
            yield "recovered"
c = catcher()
next(c)
c.send(1)
print(c.throw(ValueError("oops")))
next(c)
c.send(2)
def uncaught():
    yield 1
    yield 2
u = uncaught()
next(u)
try:
    u.throw(KeyError("k"))
except KeyError as e:
    print("propagated", repr(e))
try:
    next(u)
except StopIteration:
    print("generator finished after throw")
def closing():
    try:
        yield 1
        yield 2
    except GeneratorExit:
        print("GeneratorExit seen")
        raise
    finally:
        print("closing finally")
cl = closing()
print(next(cl))
cl.close()
cl.close()
try:
    next(cl)
except StopIteration:
    print("closed generator is exhausted")
def never_started():
    print("never printed")
    yield
ns = never_started()
ns.close()
print("closed unstarted")
try:
    g = accumulator()
    g.send(1)
except TypeError as e:
    print("TypeError:", e)
def delegating():
    result = yield from accumulator()
    yield "sub returned " + str(result)
d = delegating()
next(d)
d.send(3)
d.send(4)
print(d.send(None))
def thrower_target():
    try:
        yield 1
    except RuntimeError:
        return "handled"
t = thrower_target()
next(t)
try:
    t.throw(RuntimeError)
except StopIteration as e:
    print("throw -> return:", e.value)
