print(None, repr(None), str(None), type(None).__name__)
print(None is None, bool(None), None == False)
def nothing():
    pass
r = nothing()
print(r is None)
print(True, False, True + True, True - False, True * 3, -True)
print(int(True), int(False), float(True), str(True), bool("False"))
print(isinstance(True, int), isinstance(1, bool), type(True) is bool)
print(True == 1, False == 0, True is True)
print(sum([True, True, False, True]))
print([True] * 2, True > False, max(True, 2))
print(bool.__name__, bool(3.5), bool(-0.0), bool("0"))
d = {1: 'int one', True: 'bool true'}
print(d, len(d))
print(hash(True) == hash(1), hash(0) == hash(False))
print(True.__class__.__name__, (1 == 1).__class__.__name__)
print(f"{True} {None} {False!r}")
print(str(True).upper(), "%s %r" % (True, None))
print(True // 2, True % 2, True ** 5, True << 3, True & 3, True | 2)
print(None in [None], [None] * 3, (None,))
x = None
x = x or 5
print(x)
