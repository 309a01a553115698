# SPDX-License-Identifier: GPL-3.0-or-later
# The asyncio Future, after CPython 3.11's asyncio/futures.py (and the repr
# helpers of base_futures.py).  Same states, same callback scheduling: every
# done-callback goes through loop.call_soon, in registration order.

from asyncio import exceptions
from asyncio.events import _get_event_loop
from asyncio import format_helpers
from asyncio.vmglue import trace as _trace
from asyncio.vmglue import short_repr
from asyncio.vmglue import class_getitem


_PENDING = 'PENDING'
_CANCELLED = 'CANCELLED'
_FINISHED = 'FINISHED'


def isfuture(obj):
    return (hasattr(obj.__class__, '_asyncio_future_blocking') and
            obj._asyncio_future_blocking is not None)


def _format_callbacks(cb):
    size = len(cb)
    if not size:
        cb = ''

    def format_cb(callback):
        return format_helpers._format_callback_source(callback, ())

    if size == 1:
        cb = format_cb(cb[0][0])
    elif size == 2:
        cb = '{}, {}'.format(format_cb(cb[0][0]), format_cb(cb[1][0]))
    elif size > 2:
        cb = '{}, <{} more>, {}'.format(format_cb(cb[0][0]),
                                        size - 2,
                                        format_cb(cb[-1][0]))
    return f'cb=[{cb}]'


def _future_repr_info(future):
    info = [future._state.lower()]
    if future._state == _FINISHED:
        if future._exception is not None:
            info.append(f'exception={future._exception!r}')
        else:
            info.append(f'result={short_repr(future._result)}')
    if future._callbacks:
        info.append(_format_callbacks(future._callbacks))
    return info


_repr_running = set()


def _future_repr(future):
    # reprlib.recursive_repr: a future shown inside its own repr is "...".
    key = id(future)
    if key in _repr_running:
        return '...'
    _repr_running.add(key)
    try:
        info = ' '.join(_future_repr_info(future))
    finally:
        _repr_running.discard(key)
    return f'<{future.__class__.__name__} {info}>'


class Future:
    # type(fut) prints as CPython's C-accelerated class does.
    __module__ = '_asyncio'

    _state = _PENDING
    _result = None
    _exception = None
    _exception_tb = None
    _loop = None
    _source_traceback = None
    _cancel_message = None
    _cancelled_exc = None

    # Marks the Future protocol; set to True by __await__ right before it
    # yields, so a task can tell `await fut` from a stray `yield fut`.
    _asyncio_future_blocking = False

    __log_traceback = False

    __class_getitem__ = classmethod(class_getitem)

    # Tasks report themselves to the trace with task_created instead.
    _is_task = False

    def __init__(self, *, loop=None):
        if loop is None:
            self._loop = _get_event_loop()
        else:
            self._loop = loop
        self._callbacks = []
        if not self._is_task:
            _trace.future_created(self)

    def __repr__(self):
        return _future_repr(self)

    @property
    def _log_traceback(self):
        return self.__log_traceback

    @_log_traceback.setter
    def _log_traceback(self, val):
        if val:
            raise ValueError('_log_traceback can only be set to False')
        self.__log_traceback = False

    def get_loop(self):
        loop = self._loop
        if loop is None:
            raise RuntimeError("Future object is not initialized.")
        return loop

    def _make_cancelled_error(self):
        if self._cancelled_exc is not None:
            exc = self._cancelled_exc
            self._cancelled_exc = None
            return exc

        if self._cancel_message is None:
            exc = exceptions.CancelledError()
        else:
            exc = exceptions.CancelledError(self._cancel_message)
        exc.__context__ = self._cancelled_exc
        self._cancelled_exc = None
        return exc

    def cancel(self, msg=None):
        self.__log_traceback = False
        if self._state != _PENDING:
            return False
        if not self._is_task:
            _trace.future_cancel_requested(self, msg)
        self._state = _CANCELLED
        self._cancel_message = msg
        _trace.future_done(self)
        self.__schedule_callbacks()
        return True

    def __schedule_callbacks(self):
        callbacks = self._callbacks[:]
        if not callbacks:
            return

        self._callbacks[:] = []
        for callback, ctx in callbacks:
            self._loop.call_soon(callback, self, context=ctx)

    def cancelled(self):
        return self._state == _CANCELLED

    def done(self):
        return self._state != _PENDING

    def result(self):
        if self._state == _CANCELLED:
            exc = self._make_cancelled_error()
            raise exc
        if self._state != _FINISHED:
            raise exceptions.InvalidStateError('Result is not set.')
        self.__log_traceback = False
        if self._exception is not None:
            raise self._exception.with_traceback(self._exception_tb)
        return self._result

    def exception(self):
        if self._state == _CANCELLED:
            exc = self._make_cancelled_error()
            raise exc
        if self._state != _FINISHED:
            raise exceptions.InvalidStateError('Exception is not set.')
        self.__log_traceback = False
        return self._exception

    def add_done_callback(self, fn, *, context=None):
        if self._state != _PENDING:
            self._loop.call_soon(fn, self, context=context)
        else:
            self._callbacks.append((fn, context))

    def remove_done_callback(self, fn):
        filtered_callbacks = [(f, ctx)
                              for (f, ctx) in self._callbacks
                              if not _same_callback(f, fn)]
        removed_count = len(self._callbacks) - len(filtered_callbacks)
        if removed_count:
            self._callbacks[:] = filtered_callbacks
        return removed_count

    # CPython runs the C Future of _asyncio, whose messages differ from the
    # pure-Python one's ("invalid state", "Result is not set."): those are
    # the ones programs print.

    def set_result(self, result):
        if self._state != _PENDING:
            raise exceptions.InvalidStateError('invalid state')
        self._result = result
        self._state = _FINISHED
        _trace.future_done(self)
        self.__schedule_callbacks()

    def set_exception(self, exception):
        if self._state != _PENDING:
            raise exceptions.InvalidStateError('invalid state')
        if isinstance(exception, type) and issubclass(exception, BaseException):
            exception = exception()
            if self._state != _PENDING:
                raise exceptions.InvalidStateError('invalid state')
        if not isinstance(exception, BaseException):
            raise TypeError('invalid exception object')
        if type(exception) is StopIteration:
            raise TypeError("StopIteration interacts badly with generators "
                            "and cannot be raised into a Future")
        self._exception = exception
        self._exception_tb = exception.__traceback__
        self._state = _FINISHED
        _trace.future_done(self)
        self.__schedule_callbacks()
        self.__log_traceback = True

    def __await__(self):
        if not self.done():
            self._asyncio_future_blocking = True
            yield self
        if not self.done():
            raise RuntimeError("await wasn't used with future")
        return self.result()

    __iter__ = __await__


_PyFuture = Future

# The C Future (engine/ls-asyncio-future.c), selected as CPython selects
# _asyncio's; the class above stays as the reference it was written from.
try:
    import _asyncio
except ImportError:
    pass
else:
    Future = _CFuture = _asyncio.Future


def _same_callback(f, fn):
    # `f != fn` in CPython: bound methods compare equal when they bind the
    # same function to the same object, even if created separately.
    if f == fn:
        return True
    self_f = getattr(f, '__self__', None)
    if self_f is None or self_f is not getattr(fn, '__self__', None):
        return False
    func_f = getattr(f, '__func__', None)
    return func_f is not None and func_f is getattr(fn, '__func__', None)


def _get_loop(fut):
    try:
        get_loop = fut.get_loop
    except AttributeError:
        pass
    else:
        return get_loop()
    return fut._loop


# CPython's `if fut.cancelled(): return` then `fut.set_result(result)`,
# in C (engine/ls-asyncio-sleep.c): the timer callback of every sleep,
# named _set_result_unless_cancelled in the trace as before.
from _asyncio import _set_result_unless_cancelled


def _concurrent():
    import concurrent.futures as cf
    return cf


def _convert_future_exc(exc):
    exc_class = type(exc)
    cf = _concurrent()
    if exc_class is cf.CancelledError:
        return exceptions.CancelledError(*exc.args)
    elif exc_class is cf.TimeoutError:
        return exceptions.TimeoutError(*exc.args)
    elif exc_class is cf.InvalidStateError:
        return exceptions.InvalidStateError(*exc.args)
    else:
        return exc


def _set_concurrent_future_state(concurrent, source):
    assert source.done()
    if source.cancelled():
        concurrent.cancel()
    if not concurrent.set_running_or_notify_cancel():
        return
    exception = source.exception()
    if exception is not None:
        concurrent.set_exception(_convert_future_exc(exception))
    else:
        result = source.result()
        concurrent.set_result(result)


def _copy_future_state(source, dest):
    assert source.done()
    if dest.cancelled():
        return
    assert not dest.done()
    if source.cancelled():
        dest.cancel()
    else:
        exception = source.exception()
        if exception is not None:
            dest.set_exception(_convert_future_exc(exception))
        else:
            result = source.result()
            dest.set_result(result)


def _chain_future(source, destination):
    cf = _concurrent()
    if not isfuture(source) and not isinstance(source, cf.Future):
        raise TypeError('A future is required for source argument')
    if not isfuture(destination) and not isinstance(destination, cf.Future):
        raise TypeError('A future is required for destination argument')
    source_loop = _get_loop(source) if isfuture(source) else None
    dest_loop = _get_loop(destination) if isfuture(destination) else None

    def _set_state(future, other):
        if isfuture(future):
            _copy_future_state(other, future)
        else:
            _set_concurrent_future_state(future, other)

    def _call_check_cancel(destination):
        if destination.cancelled():
            if source_loop is None or source_loop is dest_loop:
                source.cancel()
            else:
                source_loop.call_soon_threadsafe(source.cancel)

    def _call_set_state(source):
        if (destination.cancelled() and
                dest_loop is not None and dest_loop.is_closed()):
            return
        if dest_loop is None or dest_loop is source_loop:
            _set_state(destination, source)
        else:
            if dest_loop.is_closed():
                return
            dest_loop.call_soon_threadsafe(_set_state, destination, source)

    destination.add_done_callback(_call_check_cancel)
    source.add_done_callback(_call_set_state)


def wrap_future(future, *, loop=None):
    if isfuture(future):
        return future
    assert isinstance(future, _concurrent().Future), \
        f'concurrent.futures.Future is expected, got {future!r}'
    if loop is None:
        loop = _get_event_loop()
    new_future = loop.create_future()
    _chain_future(future, new_future)
    return new_future


# isfuture's common answers come from C (ls-asynciolib.c); for the others
# it runs the function above, whose frame a traceback then shows.
def _install_isfuture():
    import _asyncio
    _asyncio._py_isfuture = isfuture
    return _asyncio.isfuture


isfuture = _install_isfuture()
del _install_isfuture
