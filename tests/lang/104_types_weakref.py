import types
def g(): yield 1
async def c(): pass
co = c()
print(isinstance(g(), types.GeneratorType), isinstance(co, types.CoroutineType), type(co) is types.CoroutineType)
co.close()
print(types.GeneratorType.__name__, types.CoroutineType.__name__, types.FunctionType.__name__, types.ModuleType.__name__)
print(isinstance(g, types.FunctionType), isinstance(types, types.ModuleType), types.NoneType)
ns = types.SimpleNamespace(a=1, b='x')
ns.c = [1]
print(ns, ns.a, ns == types.SimpleNamespace(a=1, b='x', c=[1]), ns == types.SimpleNamespace(a=1))
print(types.SimpleNamespace())
try:
    types.SimpleNamespace({'a': 1})
except TypeError as e:
    print('TE', e)
import weakref
class A:
    pass
a = A()
r = weakref.ref(a)
print(r() is a, r == weakref.ref(a))
s = weakref.WeakSet()
s.add(a); s.add(a)
print(len(s), a in s, 3 in s, [x is a for x in s])
s.discard(a); print(len(s))
d = weakref.WeakValueDictionary()
d['k'] = a
print(d['k'] is a, 'k' in d, len(d), list(d), d.get('z'))
k = weakref.WeakKeyDictionary({a: 1})
print(k[a], list(k.values()))
