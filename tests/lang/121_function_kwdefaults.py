# A function's __kwdefaults__: read, replaced, mutated in place, removed,
# and what a wrong type raises; a function without keyword-only
# parameters has None.
def f(a, *, b=2, c=3):
    return a + b + c


def g(a, b=1):
    return a + b


print(f.__kwdefaults__, g.__kwdefaults__)
print(f(1))
f.__kwdefaults__ = {"b": 10, "c": 1}
print(f(1), f.__kwdefaults__)
f.__kwdefaults__["c"] = 100
print(f(1))
f.__kwdefaults__ = {"b": 5}
try:
    f(1)
except TypeError as e:
    print("TypeError:", e)
print(f(1, c=0))
f.__kwdefaults__ = None
print(f.__kwdefaults__)
try:
    f(1)
except TypeError as e:
    print("TypeError:", e)
try:
    f.__kwdefaults__ = (1, 2)
except TypeError as e:
    print("TypeError:", e)
g.__kwdefaults__ = {"b": 7}
print(g(1), g.__kwdefaults__)
