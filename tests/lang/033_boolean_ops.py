print(1 and 2, 0 and 2, 1 or 2, 0 or 2, None or 'default', '' or [] or 0)
print([] and 'x', [1] and 'x', 'a' or 'b', 0.0 or None)
print(not 0, not 1, not '', not 'a', not [], not None, not not 5)
def t(v):
    print("t", v)
    return v
print(t(0) and t(1))
print(t(1) or t(2))
print(t(1) and t(0) or t(3))
a, b = 1, 2
print(not a == b, (not a) == b, not a < b)
print(True and not False, False or not True)
x = 5
print("pos" if x > 0 else "neg", "even" if x % 2 == 0 else "odd")
print(1 if 0 else 2 if 0 else 3)
print((lambda: 0)() or "fallback")
print(bool(0), bool(1), bool(-1), bool(0.0), bool(''), bool(' '), bool([]), bool([0]), bool({}), bool(()), bool(None))
print(bool(range(0)), bool(range(1)), bool(set()), bool({0}))
print(True + True, int(True), isinstance(True, int), issubclass(bool, int), True == 1)
print(type(True), str(True), repr(False), True & False, True | False, True ^ True)
print(type(True + True), type(True & True), ~True, -True)
v = None
print(v is None and "none" or "some")
print(all([]), any([]), all([1, 1]), any([0, 0, 1]))
