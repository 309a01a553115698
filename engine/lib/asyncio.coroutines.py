# SPDX-License-Identifier: GPL-3.0-or-later
# Coroutine tests and the coroutine part of task reprs, after CPython 3.11's
# asyncio/coroutines.py.  What a coroutine is, the VM knows: _loopscope
# answers for coroutine objects and for generators made awaitable with
# types.coroutine (_loopscope.coroutine).

from asyncio.vmglue import loopscope as _loopscope

# Marker set on functions that count as coroutine functions without being
# `async def` (CPython's legacy @coroutine support uses the same one).
_is_coroutine = object()

_vm_iscoroutine = _loopscope.iscoroutine
_vm_iscoroutinefunction = getattr(_loopscope, 'iscoroutinefunction', None)


def iscoroutinefunction(func):
    if _vm_iscoroutinefunction is not None and _vm_iscoroutinefunction(func):
        return True
    return getattr(func, '_is_coroutine', None) is _is_coroutine


def _generator():
    yield


# CPython counts every generator as a coroutine here (types.GeneratorType
# is among asyncio's coroutine types), not only types.coroutine ones.
_GeneratorType = type(_generator())


def iscoroutine(obj):
    return _vm_iscoroutine(obj) or type(obj) is _GeneratorType


def _format_coroutine(coro):
    # "main() running at prog.py:12" / "main() done, defined at prog.py:10",
    # as far as the VM tells where a coroutine is.
    if getattr(coro, '__qualname__', None):
        coro_name = coro.__qualname__
    elif getattr(coro, '__name__', None):
        coro_name = coro.__name__
    else:
        coro_name = f'<{type(coro).__name__} without __name__>'
    coro_name = f'{coro_name}()'

    coro_code = getattr(coro, 'cr_code', None) or getattr(coro, 'gi_code', None)
    filename = getattr(coro_code, 'co_filename', None)
    if not filename:
        running = getattr(coro, 'cr_running', None)
        if running is None:
            running = getattr(coro, 'gi_running', False)
        if running:
            return f'{coro_name} running'
        return coro_name

    coro_frame = getattr(coro, 'gi_frame', None) or getattr(coro, 'cr_frame', None)
    if coro_frame is not None:
        return f'{coro_name} running at {filename}:{coro_frame.f_lineno}'
    return f'{coro_name} done, defined at {filename}:{coro_code.co_firstlineno}'
