def f(a, b=2, c=3):
    return (a, b, c)
print(f(1))
print(f(1, 20))
print(f(1, c=30))
print(f(c=300, b=200, a=100))
def g(*args):
    return args
print(g(), g(1), g(1, 2, 3))
def h(**kwargs):
    return sorted(kwargs.items())
print(h(), h(x=1, y=2))
def k(a, *args, key=None, **kw):
    return a, args, key, sorted(kw.items())
print(k(1))
print(k(1, 2, 3, key='K', z=26, y=25))
def only_kw(a, *, b, c=5):
    return a + b + c
print(only_kw(1, b=2))
print(only_kw(1, c=10, b=2))
def annotated(x: int, y: "str" = "s") -> list:
    z: int = 3
    return [x, y, z]
print(annotated(1))
count: int
count = 4
print(count)
def mutable_default(item, acc=[]):
    acc.append(item)
    return acc
print(mutable_default(1))
print(mutable_default(2))
print(mutable_default(3, []))
def nodoc():
    "a docstring"
    return nodoc.__name__
print(nodoc())
def unpack_call(a, b, c, d):
    return a * 1000 + b * 100 + c * 10 + d
args = [1, 2]
kw = {'d': 4, 'c': 3}
print(unpack_call(*args, **kw))
print(unpack_call(*[1, 2, 3], 4))
print(unpack_call(1, *(2, 3), **{'d': 9}))
print(unpack_call(*range(4)))
def defaults_eval(x=len("abc")):
    return x
print(defaults_eval())
def noreturn():
    pass
print(noreturn())
def early(x):
    if x:
        return
    return 'late'
print(early(1), early(0))
def multi():
    return 1, 2
print(multi())
