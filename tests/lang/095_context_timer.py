import time
from contextlib import contextmanager
class Timer:
    def __init__(self, label):
        self.label = label
        self.elapsed = None
    def __enter__(self):
        self.start = time.perf_counter()
        return self
    def __exit__(self, et, ev, tb):
        self.elapsed = time.perf_counter() - self.start
        print(f"{self.label}: exited, error={et.__name__ if et else None}, elapsed>=0: {self.elapsed >= 0}")
        return False
with Timer("loop") as t:
    total = sum(range(10000))
print(total, t.label, t.elapsed is not None)
try:
    with Timer("failing"):
        raise ValueError("inside timer")
except ValueError as e:
    print("propagated:", e)
@contextmanager
def tag(name):
    print(f"<{name}>")
    yield
    print(f"</{name}>")
with tag("html"):
    with tag("body"):
        print("content")
@contextmanager
def swallow(*types):
    try:
        yield
    except types as e:
        print("swallowed", type(e).__name__)
with swallow(KeyError, IndexError):
    [][0]
with swallow(KeyError):
    print("nothing raised")
try:
    with swallow(KeyError):
        1 / 0
except ZeroDivisionError:
    print("ZeroDivisionError escaped")
class Resource:
    opened = 0
    def __enter__(self):
        Resource.opened += 1
        return self
    def __exit__(self, *exc):
        Resource.opened -= 1
def use_many():
    with Resource(), Resource() as r2:
        print("open:", Resource.opened, type(r2).__name__)
        return "returned from with"
print(use_many(), Resource.opened)
