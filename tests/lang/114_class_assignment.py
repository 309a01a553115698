# obj.__class__ = C: the object's type changes (methods, isinstance,
# type(), its attributes kept), between compatible classes only.
class A:
    kind = "a"
    def f(self):
        return "A.f " + self.name
class B:
    kind = "b"
    def f(self):
        return "B.f " + self.name
class C(B):
    def f(self):
        return "C.f, then " + super().f()

a = A()
a.name = "x"
print(a.f(), a.kind, type(a).__name__)
a.__class__ = B
print(a.f(), a.kind, type(a).__name__, isinstance(a, B), isinstance(a, A))
a.__class__ = C
print(a.f(), a.__class__ is C, a.name)
for i in range(3):   # the same attribute site before and after a change
    a.__class__ = [A, B, C][i]
    print(a.f(), a.kind)

class E1(Exception):
    pass
class E2(Exception):
    pass
e = E1("boom")
e.__class__ = E2
print(type(e).__name__, e.args, isinstance(e, E2))

for target, value in [(a, 5), (a, None), (1, B), ("s", B), (a, int), (a, E1), (e, A), (a, list)]:
    try:
        target.__class__ = value
        print("set", type(target).__name__)
    except TypeError as exc:
        print("TypeError:", exc)
print(type(a).__name__, type(e).__name__)
