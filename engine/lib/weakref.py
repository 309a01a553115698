# SPDX-License-Identifier: GPL-3.0-or-later
# weakref for scenarios: STRONG-reference stand-ins.
#
# The scenario VM has a tracing collector and no weak references. These
# classes keep the API of CPython's weakref module but hold their referents
# strongly: a referent never dies while it is reachable from them, callbacks
# never fire, and entries are never dropped on their own. Programs whose
# output depends on an object being collected (CPython frees it as soon as
# its last strong reference goes) will differ; ordinary bookkeeping uses
# (registries, caches, asyncio's set of all tasks) behave the same.

__all__ = ['ref', 'proxy', 'WeakMethod', 'WeakSet', 'WeakValueDictionary',
           'WeakKeyDictionary', 'finalize', 'getweakrefcount', 'getweakrefs',
           'ReferenceType', 'ProxyType', 'CallableProxyType', 'ProxyTypes']


class ReferenceType:
    def __init__(self, obj, callback=None):
        self._obj = obj
        self.__callback__ = callback

    def __call__(self):
        return self._obj

    def __eq__(self, other):
        if isinstance(other, ReferenceType):
            return self._obj == other._obj
        return NotImplemented

    def __ne__(self, other):
        if isinstance(other, ReferenceType):
            return self._obj != other._obj
        return NotImplemented

    def __hash__(self):
        return hash(self._obj)

    def __repr__(self):
        return '<weakref; to %r>' % (type(self._obj).__name__,)


ref = ReferenceType


class WeakMethod(ReferenceType):
    def __init__(self, meth, callback=None):
        try:
            obj = meth.__self__
            func = meth.__func__
        except AttributeError:
            raise TypeError("argument should be a bound method, not %s"
                            % type(meth).__name__) from None
        ReferenceType.__init__(self, meth, callback)
        self._meth_obj = obj
        self._meth_func = func


def proxy(obj, callback=None):
    # A proxy forwards everything to its referent; the referent itself is
    # the most faithful strong stand-in.
    return obj


ProxyType = type(None)
CallableProxyType = type(None)
ProxyTypes = (ProxyType, CallableProxyType)


def getweakrefcount(obj):
    return 0


def getweakrefs(obj):
    return []


class finalize:
    def __init__(self, obj, func, *args, **kwargs):
        self._obj = obj
        self._func = func
        self._args = args
        self._kwargs = kwargs
        self._alive = True
        self.atexit = True

    def __call__(self, _=None):
        if self._alive:
            self._alive = False
            return self._func(*self._args, **self._kwargs)

    def detach(self):
        if self._alive:
            self._alive = False
            return (self._obj, self._func, self._args, self._kwargs)

    def peek(self):
        if self._alive:
            return (self._obj, self._func, self._args, self._kwargs)

    @property
    def alive(self):
        return self._alive


class WeakSet:
    def __init__(self, data=None):
        self.data = set()
        if data is not None:
            self.update(data)

    def __iter__(self):
        for item in list(self.data):
            if item in self.data:
                yield item

    def __len__(self):
        return len(self.data)

    def __contains__(self, item):
        try:
            return item in self.data
        except TypeError:
            return False

    def __repr__(self):
        return '<WeakSet %r>' % (self.data,)

    def add(self, item):
        self.data.add(item)

    def clear(self):
        self.data.clear()

    def copy(self):
        return WeakSet(self.data)

    def pop(self):
        if not self.data:
            raise KeyError('pop from empty WeakSet')
        return self.data.pop()

    def remove(self, item):
        self.data.remove(item)

    def discard(self, item):
        self.data.discard(item)

    def update(self, other):
        for item in other:
            self.data.add(item)

    def __ior__(self, other):
        self.update(other)
        return self

    def difference(self, other):
        return WeakSet(self.data.difference(set(other)))

    __sub__ = difference

    def difference_update(self, other):
        for item in other:
            self.data.discard(item)

    def intersection(self, other):
        return WeakSet(self.data.intersection(set(other)))

    __and__ = intersection

    def union(self, other):
        return WeakSet(self.data.union(set(other)))

    __or__ = union

    def issubset(self, other):
        return self.data.issubset(set(other))

    def issuperset(self, other):
        return self.data.issuperset(set(other))

    def isdisjoint(self, other):
        return len(self.intersection(other)) == 0

    def __eq__(self, other):
        if not isinstance(other, WeakSet):
            return NotImplemented
        return self.data == other.data

    __hash__ = None


class _WeakDict:
    def __init__(self, other=(), **kw):
        self.data = {}
        self.update(other, **kw)

    def __getitem__(self, key):
        return self.data[key]

    def __setitem__(self, key, value):
        self.data[key] = value

    def __delitem__(self, key):
        del self.data[key]

    def __contains__(self, key):
        try:
            return key in self.data
        except TypeError:
            return False

    def __len__(self):
        return len(self.data)

    def __iter__(self):
        return iter(list(self.data))

    def __repr__(self):
        return '<%s at %#x>' % (type(self).__name__, id(self))

    def keys(self):
        return list(self.data.keys())

    def values(self):
        return list(self.data.values())

    def items(self):
        return list(self.data.items())

    def get(self, key, default=None):
        return self.data.get(key, default)

    def pop(self, key, *args):
        return self.data.pop(key, *args)

    def popitem(self):
        return self.data.popitem()

    def setdefault(self, key, default=None):
        return self.data.setdefault(key, default)

    def clear(self):
        self.data.clear()

    def update(self, other=(), **kw):
        if hasattr(other, 'items'):
            other = other.items()
        for key, value in other:
            self.data[key] = value
        for key, value in kw.items():
            self.data[key] = value

    def copy(self):
        new = type(self)()
        new.data = dict(self.data)
        return new

    __hash__ = None


class WeakValueDictionary(_WeakDict):
    def valuerefs(self):
        return [ref(value) for value in self.data.values()]

    def itervaluerefs(self):
        return iter(self.valuerefs())


class WeakKeyDictionary(_WeakDict):
    def keyrefs(self):
        return [ref(key) for key in self.data.keys()]


# ReferenceType.__call__ in C for a plain reference (ls-asyncio-executor.c:
# every item an executor's worker finishes calls one); the method above
# runs for every other case.
def _install_natives():
    import _loopscope
    _loopscope.weakref_natives(ReferenceType)


_install_natives()
del _install_natives
