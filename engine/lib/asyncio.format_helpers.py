# SPDX-License-Identifier: GPL-3.0-or-later
# How asyncio names a callback in reprs and error messages, after CPython
# 3.11's asyncio/format_helpers.py: "cb(1, 'x') at prog.py:3".

import functools

from asyncio.vmglue import short_repr


def _get_function_source(func):
    # Unwrap functools.wraps chains as inspect.unwrap does.
    seen = 0
    while (type(func).__name__ == 'function' and hasattr(func, '__wrapped__')
           and seen < 100):
        func = func.__wrapped__
        seen += 1
    if isinstance(func, functools.partial):
        return _get_function_source(func.func)
    if type(func).__name__ != 'function' or getattr(func, '_asyncio_no_source', False):
        return None
    code = getattr(func, '__code__', None)
    filename = getattr(code, 'co_filename', None)
    if filename is None:
        return None
    return (filename, code.co_firstlineno)


def _format_callback_source(func, args):
    func_repr = _format_callback(func, args, None)
    source = _get_function_source(func)
    if source:
        func_repr += f' at {source[0]}:{source[1]}'
    return func_repr


def _format_args_and_kwargs(args, kwargs):
    items = []
    if args:
        for arg in args:
            items.append(short_repr(arg))
    if kwargs:
        for k, v in kwargs.items():
            items.append(f'{k}={short_repr(v)}')
    return '({})'.format(', '.join(items))


def _format_callback(func, args, kwargs, suffix=''):
    if isinstance(func, functools.partial):
        suffix = _format_args_and_kwargs(args, kwargs) + suffix
        return _format_callback(func.func, func.args, func.keywords, suffix)

    if getattr(func, '__qualname__', None):
        func_repr = func.__qualname__
    elif getattr(func, '__name__', None):
        func_repr = func.__name__
    else:
        func_repr = repr(func)

    func_repr += _format_args_and_kwargs(args, kwargs)
    if suffix:
        func_repr += suffix
    return func_repr
