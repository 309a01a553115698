x = 1
del x
try:
    print(x)
except NameError as e:
    print("NameError:", e)
lst = [0, 1, 2, 3, 4, 5]
del lst[0]
print(lst)
del lst[-1]
print(lst)
del lst[1:3]
print(lst)
d = {'a': 1, 'b': 2, 'c': 3}
del d['b']
print(d)
class O:
    pass
o = O()
o.attr = 5
o.other = 6
del o.attr
print(hasattr(o, 'attr'), o.other)
a, b = 1, 2
del a, b
try:
    a
except NameError as e:
    print(e)
try:
    del d['zzz']
except KeyError as e:
    print("KeyError", e)
assert True
assert 1 == 1, "never shown"
try:
    assert 1 == 2, "one is not two"
except AssertionError as e:
    print("AssertionError:", e, e.args)
try:
    assert False
except AssertionError as e:
    print("bare assert:", repr(e), e.args)
try:
    assert [], f"empty list {len([])}"
except AssertionError as e:
    print(e)
def f():
    y = 1
    del y
    try:
        return y
    except UnboundLocalError as e:
        return str(e)
print(f())
lst2 = list(range(10))
del lst2[::2]
print(lst2)
