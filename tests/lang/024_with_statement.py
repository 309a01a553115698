class Ctx:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None, exc)
        return self.suppress
with Ctx("a") as v:
    print("inside", v)
with Ctx("b", suppress=True):
    raise ValueError("suppressed")
print("after suppressed")
try:
    with Ctx("c"):
        raise KeyError("propagates")
except KeyError as e:
    print("caught", repr(e))
with Ctx("x") as x, Ctx("y") as y:
    print("both", x, y)
def in_func():
    with Ctx("f"):
        return "returned"
print(in_func())
for i in range(3):
    with Ctx(str(i)):
        if i == 1:
            break
with Ctx("noas"):
    pass
import contextlib
@contextlib.contextmanager
def managed(tag):
    print("setup", tag)
    try:
        yield tag * 2
    finally:
        print("teardown", tag)
with managed("ab") as m:
    print("using", m)
try:
    with managed("err"):
        raise RuntimeError("boom")
except RuntimeError as e:
    print("after", e)
from contextlib import suppress
with suppress(ZeroDivisionError):
    1 / 0
print("suppress worked")
