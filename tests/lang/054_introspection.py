class A:
    cls_attr = 1
    def __init__(self):
        self.x = 10
class B(A):
    pass
a = A()
b = B()
print(type(a).__name__, type(b).__name__, type(a) == A, type(b) == A)
print(isinstance(b, A), isinstance(a, B), isinstance(b, (int, A)), isinstance(5, (str, float)))
print(isinstance(1, int), isinstance(1.0, int), isinstance('s', str), isinstance([], list), isinstance(None, type(None)))
print(issubclass(B, A), issubclass(A, B), issubclass(B, (int, A)), issubclass(int, int))
print(hasattr(a, 'x'), hasattr(a, 'y'), hasattr(a, 'cls_attr'), hasattr(A, 'x'), hasattr("s", "upper"))
print(getattr(a, 'x'), getattr(a, 'y', 'default'), getattr(A, 'cls_attr'), getattr(b, 'cls_attr'))
setattr(a, 'y', 99)
print(a.y, getattr(a, 'y'))
setattr(A, 'cls_attr', 2)
print(b.cls_attr)
name = 'dyn'
setattr(b, name, [1])
print(b.dyn)
try:
    getattr(a, 'missing')
except AttributeError as e:
    print("AttributeError:", e)
delattr(a, 'y')
print(hasattr(a, 'y'))
print(getattr("abc", "upper")())
print(callable(len), callable(A), callable(a), callable(None))
m = getattr(a, '__init__')
print(type(m).__name__)
print(type(type(a)).__name__, type(A) is type)
print(isinstance(True, bool), isinstance(True, int), isinstance(A, object))
