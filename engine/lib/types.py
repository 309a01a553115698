# SPDX-License-Identifier: GPL-3.0-or-later
# types for scenarios: the type objects tutorials compare against, the
# `types.coroutine` decorator and SimpleNamespace. Like CPython's Lib/types.py,
# most names are simply the type of a sample object.

try:
    from _loopscope import coroutine
except ImportError:
    def coroutine(func):
        if not callable(func):
            raise TypeError('types.coroutine() expects a callable')
        return func


def _f():
    pass


FunctionType = type(_f)
LambdaType = type(lambda: None)


def _g():
    yield 1


GeneratorType = type(_g())


async def _c():
    pass


_c = _c()
CoroutineType = type(_c)
_c.close()


class _C:
    def _m(self):
        pass


MethodType = type(_C()._m)
BuiltinFunctionType = type(len)
BuiltinMethodType = type([].append)
NoneType = type(None)
EllipsisType = type(Ellipsis)
NotImplementedType = type(NotImplemented)

import time as _time
ModuleType = type(_time)

del _f, _g, _c, _C, _time


class SimpleNamespace:
    def __init__(self, *args, **kwargs):
        if args:
            raise TypeError('no positional arguments expected')
        for key, value in kwargs.items():
            setattr(self, key, value)

    def __repr__(self):
        name = 'namespace' if type(self) is SimpleNamespace else type(self).__name__
        items = ['%s=%r' % (key, value) for key, value in self.__dict__.items()]
        return '%s(%s)' % (name, ', '.join(items))

    def __eq__(self, other):
        if isinstance(self, SimpleNamespace) and isinstance(other, SimpleNamespace):
            return self.__dict__ == other.__dict__
        return NotImplemented

    __hash__ = None
