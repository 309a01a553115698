# SPDX-License-Identifier: GPL-3.0-or-later
# The event loop core, after CPython 3.11's asyncio/base_events.py: the
# ready queue, the timer heap and _run_once, with the selector's select()
# replaced by _loopscope.loop_wait (see asyncio.unix_events).  There is no
# network, pipe, subprocess or signal support in the simulator.

import functools

from asyncio import coroutines
from asyncio import events
from asyncio import futures
from asyncio import tasks
from asyncio.events import _PROPAGATE
from asyncio.vmglue import loopscope as _loopscope
from asyncio.vmglue import deque
import _lsloop


# Cancelled timers are swept out of the heap all at once when there are
# more than this many timers and more than this fraction are cancelled.
_MIN_SCHEDULED_TIMER_HANDLES = 100
_MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5

# The longest a single wait may last (CPython's cap for select()).
MAXIMUM_SELECT_TIMEOUT = 24 * 3600


def _format_handle(handle):
    cb = handle._callback
    if isinstance(getattr(cb, '__self__', None), tasks.Task):
        return repr(cb.__self__)
    else:
        return str(handle)


def _run_until_complete_cb(fut):
    if not fut.cancelled():
        exc = fut.exception()
        if isinstance(exc, (SystemExit, KeyboardInterrupt)):
            # The loop stops by itself: the exception is propagating.
            return
    futures._get_loop(fut).stop()


class BaseEventLoop(events.AbstractEventLoop):

    def __init__(self):
        self._timer_cancelled_count = 0
        self._closed = False
        self._stopping = False
        self._ready = deque()
        # The timer heap holds the TimerHandles, as CPython's does; the C
        # code orders them by (when, seq), so that equal deadlines fire
        # in the order they were scheduled (see events.TimerHandle).
        self._scheduled = []
        self._default_executor = None
        self._internal_fds = 0
        # The thread running the loop, None while it does not run.
        self._thread_id = None
        # Pinned, so that "due" means the same on every machine.
        self._clock_resolution = 1e-09
        self._exception_handler = None
        self.set_debug(False)
        self.slow_callback_duration = 0.1
        self._current_handle = None
        self._task_factory = None
        self._coroutine_origin_tracking_enabled = False
        self._coroutine_origin_tracking_saved_depth = None
        # No async generators in the scenario language: always empty.
        self._asyncgens = set()
        self._asyncgens_shutdown_called = False
        self._executor_shutdown_called = False
        self._deadlocked = False

    def __repr__(self):
        return (
            f'<{self.__class__.__name__} running={self.is_running()} '
            f'closed={self.is_closed()} debug={self.get_debug()}>'
        )

    # futures.Future(loop=self), in C (ls-asyncio-loop.c): every sleep
    create_future = _lsloop.create_future

    def create_task(self, coro, *, name=None, context=None):
        self._check_closed()
        if self._task_factory is None:
            task = tasks.Task(coro, loop=self, name=name, context=context)
        else:
            if context is None:
                task = self._task_factory(self, coro)
            else:
                task = self._task_factory(self, coro, context=context)

            tasks._set_task_name(task, name)

        return task

    def set_task_factory(self, factory):
        if factory is not None and not callable(factory):
            raise TypeError('task factory must be a callable or None')
        self._task_factory = factory

    def get_task_factory(self):
        return self._task_factory

    def _write_to_self(self):
        raise NotImplementedError

    def _process_events(self, event_list):
        raise NotImplementedError

    def _check_closed(self):
        if self._closed:
            raise RuntimeError('Event loop is closed')

    def _check_default_executor(self):
        if self._executor_shutdown_called:
            raise RuntimeError('Executor shutdown has been called')

    async def shutdown_asyncgens(self):
        self._asyncgens_shutdown_called = True

        if not len(self._asyncgens):
            return

    async def shutdown_default_executor(self):
        self._executor_shutdown_called = True
        if self._default_executor is None:
            return
        import threading
        future = self.create_future()
        future._ls_label = 'shutdown_default_executor'
        thread = threading.Thread(target=self._do_shutdown, args=(future,))
        thread.start()
        try:
            await future
        finally:
            thread.join()

    def _do_shutdown(self, future):
        try:
            self._default_executor.shutdown(wait=True)
            if not self.is_closed():
                self.call_soon_threadsafe(future.set_result, None)
        except Exception as ex:
            if not self.is_closed():
                self.call_soon_threadsafe(future.set_exception, ex)

    def _check_running(self):
        if self.is_running():
            raise RuntimeError('This event loop is already running')
        if events._get_running_loop() is not None:
            raise RuntimeError(
                'Cannot run the event loop while another loop is running')

    def run_forever(self):
        self._check_closed()
        self._check_running()
        try:
            self._thread_id = _thread_ident()
            events._set_running_loop(self)
            while True:
                try:
                    self._run_once()
                except _loopscope.Deadlock:
                    # Nothing can ever wake the loop: no more scenario
                    # code may run (asyncio.run must not clean up).
                    self._deadlocked = True
                    self._report_deadlock()
                    raise
                if self._stopping:
                    break
        finally:
            self._stopping = False
            self._thread_id = None
            events._set_running_loop(None)

    def run_until_complete(self, future):
        self._check_closed()
        self._check_running()

        new_task = not futures.isfuture(future)
        future = tasks.ensure_future(future, loop=self)
        if new_task:
            # The caller sees the exception: no "never retrieved" log.
            future._log_destroy_pending = False

        future.add_done_callback(_run_until_complete_cb)
        try:
            self.run_forever()
        except:
            if new_task and future.done() and not future.cancelled():
                # Mark the exception of our own task as retrieved.
                future.exception()
            raise
        finally:
            future.remove_done_callback(_run_until_complete_cb)
        if not future.done():
            raise RuntimeError('Event loop stopped before Future completed.')

        return future.result()

    def stop(self):
        self._stopping = True

    def close(self):
        if self.is_running():
            raise RuntimeError("Cannot close a running event loop")
        if self._closed:
            return
        self._closed = True
        self._ready.clear()
        self._scheduled.clear()
        self._executor_shutdown_called = True
        executor = self._default_executor
        if executor is not None:
            self._default_executor = None
            executor.shutdown(wait=False)

    def is_closed(self):
        return self._closed

    def is_running(self):
        return (self._thread_id is not None)

    # The hot path is C (ls-asyncio-loop.c): the same reads of the loop's
    # attributes, calls of its methods and trace records as the Python
    # it replaced, without a bytecode of library code per callback.
    time = _lsloop.time
    call_later = _lsloop.call_later
    call_at = _lsloop.call_at
    call_soon = _lsloop.call_soon

    def _check_callback(self, callback, method):
        if (coroutines.iscoroutine(callback) or
                coroutines.iscoroutinefunction(callback)):
            raise TypeError(
                f"coroutines cannot be used with {method}()")
        if not callable(callback):
            raise TypeError(
                f'a callable object was expected by {method}(), '
                f'got {callback!r}')

    def _check_thread(self):
        # Debug mode only: the non-thread-safe methods from another thread.
        if self._thread_id is None:
            return
        thread_id = _thread_ident()
        if thread_id != self._thread_id:
            raise RuntimeError(
                "Non-thread-safe operation invoked on an event loop other "
                "than the current one")

    _call_soon = _lsloop._call_soon

    def call_soon_threadsafe(self, callback, *args, context=None):
        self._check_closed()
        if self._debug:
            self._check_callback(callback, 'call_soon_threadsafe')
        handle = self._call_soon(callback, args, context)
        self._write_to_self()
        return handle

    def run_in_executor(self, executor, func, *args):
        self._check_closed()
        if self._debug:
            self._check_callback(func, 'run_in_executor')
        if executor is None:
            executor = self._default_executor
            # Only the default executor can have been shut down here.
            self._check_default_executor()
            if executor is None:
                import concurrent.futures as cf
                executor = cf.ThreadPoolExecutor(
                    thread_name_prefix='asyncio'
                )
                self._default_executor = executor
        future = futures.wrap_future(
            executor.submit(func, *args), loop=self)
        future._ls_label = f'run_in_executor({_callable_name(func)})'
        return future

    def set_default_executor(self, executor):
        import concurrent.futures as cf
        if not isinstance(executor, cf.ThreadPoolExecutor):
            raise TypeError('executor must be ThreadPoolExecutor instance')
        self._default_executor = executor

    def get_exception_handler(self):
        return self._exception_handler

    def set_exception_handler(self, handler):
        if handler is not None and not callable(handler):
            raise TypeError(f'A callable object or None is expected, '
                            f'got {handler!r}')
        self._exception_handler = handler

    def default_exception_handler(self, context):
        # CPython logs this through logging.error; here it goes to stderr.
        message = context.get('message')
        if not message:
            message = 'Unhandled exception in event loop'

        exception = context.get('exception')

        log_lines = [message]
        for key in sorted(context):
            if key in {'message', 'exception'}:
                continue
            value = context[key]
            value = repr(value)
            log_lines.append(f'{key}: {value}')
        if exception is not None:
            log_lines.append(_exception_line(exception))

        _loopscope.log_error('\n'.join(log_lines))

    def call_exception_handler(self, context):
        if self._exception_handler is None:
            try:
                self.default_exception_handler(context)
            except _PROPAGATE:
                raise
            except BaseException:
                _loopscope.log_error('Exception in default exception handler')
        else:
            try:
                self._exception_handler(self, context)
            except _PROPAGATE:
                raise
            except BaseException as exc:
                # Fall back on the default handler.
                try:
                    self.default_exception_handler({
                        'message': 'Unhandled error in exception handler',
                        'exception': exc,
                        'context': context,
                    })
                except _PROPAGATE:
                    raise
                except BaseException:
                    _loopscope.log_error(
                        'Exception in default exception handler '
                        'while handling an unexpected error '
                        'in custom exception handler')

    _add_callback = _lsloop._add_callback

    def _add_callback_signalsafe(self, handle):
        self._add_callback(handle)
        self._write_to_self()

    _timer_handle_cancelled = _lsloop._timer_handle_cancelled

    # One loop iteration: sweep cancelled timers, wait (the only place
    # virtual time moves), move due timers to the ready queue, then run
    # exactly the callbacks that were ready at that point.
    _run_once = _lsloop._run_once

    get_debug = _lsloop.get_debug   # C: every handle's cancel() asks

    def set_debug(self, enabled):
        self._debug = enabled

    # --- deadlock report (the simulator's own) ----------------------------

    def _report_deadlock(self):
        _loopscope.report_deadlock(_describe_deadlock(self))


def _thread_ident():
    try:
        import _thread
    except ImportError:
        return 1
    return _thread.get_ident()


def _callable_name(func):
    while isinstance(func, functools.partial):
        func = func.func
    name = getattr(func, '__qualname__', None) or getattr(func, '__name__', None)
    return name if name else type(func).__name__


def _exception_line(exc):
    text = str(exc)
    name = type(exc).__name__
    module = getattr(type(exc), '__module__', None)
    if module not in (None, '__main__', 'builtins'):
        name = f'{module}.{name}'
    return f'{name}: {text}' if text else name


def _task_label(task):
    coro = task.get_coro()
    name = getattr(coro, '__qualname__', None) or getattr(coro, '__name__', None)
    if name:
        return f'{task.get_name()} ({name})'
    return task.get_name()


def _waits_on(fut):
    if fut is None:
        return 'nothing (it is not scheduled either)'
    if isinstance(fut, tasks.Task):
        return _task_label(fut)
    if isinstance(fut, tasks._GatheringFuture):
        pending = [c for c in fut._children if not c.done()]
        parts = []
        for child in pending:
            if isinstance(child, tasks.Task):
                parts.append(child.get_name())
            else:
                parts.append('a Future')
        return 'gather of ' + ', '.join(parts)
    what = getattr(fut, '_ls_label', None)
    if what is not None:
        return what
    return f'a {type(fut).__name__} that nothing completes'


def _describe_deadlock(loop):
    lines = []
    for task in list(tasks._all_tasks):
        if task.done() or futures._get_loop(task) is not loop:
            continue
        lines.append(f'{_task_label(task)} waits on {_waits_on(task._fut_waiter)}')
    if not lines:
        lines.append('the event loop waits, and no task, timer or thread can wake it')
    return '\n'.join(lines)


# asyncio.tasks._ensure_future with its usual case, a coroutine made a
# task by this class's create_task, in C (engine/ls-asyncio-ensure-future.c);
# the Python function runs whenever anything on its way is not these.
try:
    from _asyncio import _install_ensure_future
except ImportError:
    pass
else:
    _install_ensure_future(tasks, BaseEventLoop.create_task, BaseEventLoop._check_closed,
                           events._get_event_loop)
    del _install_ensure_future
