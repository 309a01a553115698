class Foo:
    def method(self):
        pass
class Bar(Foo):
    pass
print(Foo, Bar, repr(Foo), str(Bar))
print(int, float, str, bool, list, tuple, dict, set, range, type, object)
print(type(None), type(print), type(len).__name__, type(Foo().method).__name__)
print(Exception, ValueError, KeyError, StopIteration, BaseException)
print(type(1), type(1.5), type('s'), type([]), type(()), type({}), type(set()), type(range(1)))
print(type(Foo()), type(Foo), type(int), type(type))
print(Foo.__name__, int.__name__, ValueError.__name__, type(Foo()).__name__)
def fn():
    pass
print(type(fn).__name__, fn.__name__, (lambda: 0).__name__)
print(type(lambda: 0).__name__, type(x for x in []).__name__)
print([int, str], {'t': float}, (bool,))
print(type(zip()).__name__, type(map(str, [])).__name__, type(filter(None, [])).__name__, type(enumerate([])).__name__)
print(type({}.keys()).__name__, type({}.items()).__name__, type({}.values()).__name__)
print(type(ValueError('x')), type(Foo.method).__name__)
print(isinstance(Foo, type), isinstance(int, type), isinstance(Foo(), object))
print(type(3) == int, type(3) is int, type(True) is int, type(3.0) in (int, float))
print(repr(print), repr(len), repr(max))
print(repr(int.__name__), str.__name__.upper())
