def trace(func):
    def wrapper(*args, **kwargs):
        print("call", func.__name__, args, sorted(kwargs.items()))
        result = func(*args, **kwargs)
        print("ret", result)
        return result
    return wrapper
@trace
def add(a, b=0):
    return a + b
add(1, 2)
add(5, b=3)
def repeat(n):
    def deco(func):
        def wrapper(*args):
            return [func(*args) for _ in range(n)]
        return wrapper
    return deco
@repeat(3)
def hello(name):
    return "hi " + name
print(hello("bob"))
def tag(t):
    def deco(f):
        def w():
            return f"<{t}>" + f() + f"</{t}>"
        return w
    return deco
@tag("b")
@tag("i")
def text():
    return "x"
print(text())
registry = []
def register(f):
    registry.append(f.__name__)
    return f
@register
def one():
    return 1
@register
def two():
    return 2
print(registry, one(), two())
import functools
def logged(f):
    @functools.wraps(f)
    def inner(*a):
        return f(*a)
    return inner
@logged
def named():
    return "named"
print(named(), named.__name__)
class Deco:
    def __repr__(self):
        return 'Deco()'
    @trace
    def method(self, x):
        return x * 2
Deco().method(4)
