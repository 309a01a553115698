# SPDX-License-Identifier: GPL-3.0-or-later
# Tasks and the functions built on them (sleep, gather, shield, wait,
# wait_for, as_completed, ...), after CPython 3.11's asyncio/tasks.py and
# base_tasks.py.  Task.__step and Task.__wakeup follow the pure-Python
# _PyTask line for line, so every callback lands in the ready queue in the
# same order as CPython's.

import functools

from asyncio import coroutines
from asyncio import events
from asyncio import exceptions
from asyncio import futures
from asyncio.coroutines import _is_coroutine
from asyncio.events import _PROPAGATE
from asyncio.vmglue import loopscope as _loopscope
from asyncio.vmglue import HAVE_LOOPSCOPE as _HAVE_VM_COROUTINE
from asyncio.vmglue import trace as _trace

_CancelledError = exceptions.CancelledError
# Task calls its Future base by name where CPython writes super(): the
# same method for single inheritance, and super() is slow in the VM.
_Future = futures.Future
_iscoroutine = coroutines.iscoroutine

# Task-1, Task-2, ...: one counter for the whole program, as in CPython.
_task_name_count = 0


def _task_name_counter():
    global _task_name_count
    _task_name_count += 1
    return _task_name_count


def current_task(loop=None):
    if loop is None:
        loop = events.get_running_loop()
    return _current_tasks.get(loop)


def all_tasks(loop=None):
    if loop is None:
        loop = events.get_running_loop()
    tasks = list(_all_tasks)
    return {t for t in tasks
            if futures._get_loop(t) is loop and not t.done()}


def _set_task_name(task, name):
    if name is not None:
        try:
            set_name = task.set_name
        except AttributeError:
            pass
        else:
            set_name(name)


def _task_repr_info(task):
    info = futures._future_repr_info(task)

    if task.cancelling() and not task.done():
        info[0] = 'cancelling'

    info.insert(1, 'name=%r' % task.get_name())

    coro = coroutines._format_coroutine(task._coro)
    info.insert(2, f'coro=<{coro}>')

    if task._fut_waiter is not None:
        info.insert(3, f'wait_for={task._fut_waiter!r}')
    return info


def _task_repr(task):
    key = id(task)
    if key in futures._repr_running:
        return '...'
    futures._repr_running.add(key)
    try:
        info = ' '.join(_task_repr_info(task))
    finally:
        futures._repr_running.discard(key)
    return f'<{task.__class__.__name__} {info}>'


class Task(futures.Future):
    __module__ = '_asyncio'

    # While the task is not done, _fut_waiter is None or the future it
    # waits on; __step is scheduled exactly when that future is done (or
    # there is none) and the task is not running.

    _log_destroy_pending = True
    _is_task = True

    def __init__(self, coro, *, loop=None, name=None, context=None):
        _Future.__init__(self, loop=loop)
        if not _iscoroutine(coro):
            self._log_destroy_pending = False
            raise TypeError(f"a coroutine was expected, got {coro!r}")

        if name is None:
            self._name = f'Task-{_task_name_counter()}'
        else:
            self._name = str(name)

        self._num_cancels_requested = 0
        self._must_cancel = False
        self._fut_waiter = None
        self._coro = coro
        self._context = context

        self._loop.call_soon(self.__step, context=self._context)
        _register_task(self)
        _trace.task_created(self)

    def __repr__(self):
        return _task_repr(self)

    def get_coro(self):
        return self._coro

    def get_name(self):
        return self._name

    def set_name(self, value):
        self._name = str(value)

    def set_result(self, result):
        raise RuntimeError('Task does not support set_result operation')

    def set_exception(self, exception):
        raise RuntimeError('Task does not support set_exception operation')

    def get_stack(self, *, limit=None):
        return []

    def print_stack(self, *, limit=None, file=None):
        print(f'No stack for {self!r}', file=file)

    def cancel(self, msg=None):
        self._log_traceback = False
        if self.done():
            return False
        self._num_cancels_requested += 1
        _trace.cancel_requested(self, msg)
        if self._fut_waiter is not None:
            # Positional, as the C task passes it.
            if self._fut_waiter.cancel(msg):
                # _fut_waiter stays: it may be a task that swallows the
                # cancellation and has to be cancelled again later.
                return True
        # __step is already scheduled: it throws the CancelledError in.
        self._must_cancel = True
        self._cancel_message = msg
        return True

    def cancelling(self):
        return self._num_cancels_requested

    def uncancel(self):
        if self._num_cancels_requested > 0:
            self._num_cancels_requested -= 1
        return self._num_cancels_requested

    def __step(self, exc=None):
        if self.done():
            raise exceptions.InvalidStateError(
                f'_step(): already done: {self!r}, {exc!r}')
        if self._must_cancel:
            if not isinstance(exc, _CancelledError):
                exc = self._make_cancelled_error()
            self._must_cancel = False
        coro = self._coro
        self._fut_waiter = None

        _enter_task(self._loop, self)
        try:
            _trace.step_start(self)
            if exc is None:
                result = coro.send(None)
            else:
                if isinstance(exc, _CancelledError):
                    _trace.cancel_delivered(self, exc)
                result = coro.throw(exc)
        except StopIteration as exc:
            if self._must_cancel:
                # Cancelled right before the coroutine returned.
                self._must_cancel = False
                _trace.step_end(self, 'cancelled', None)
                _Future.cancel(self, msg=self._cancel_message)
            else:
                _trace.step_end(self, 'return', None)
                _Future.set_result(self, exc.value)
            _unregister_task(self)
        except _CancelledError as exc:
            # Kept to chain it to the CancelledError that awaiters get.
            self._cancelled_exc = exc
            _trace.step_end(self, 'cancelled', None)
            _Future.cancel(self)
            _unregister_task(self)
        except _PROPAGATE as exc:
            if isinstance(exc, _loopscope.Deadlock):
                raise
            _trace.step_end(self, 'raise', exc)
            _Future.set_exception(self, exc)
            _unregister_task(self)
            raise
        except BaseException as exc:
            _trace.step_end(self, 'raise', exc)
            _Future.set_exception(self, exc)
            _unregister_task(self)
        else:
            blocking = getattr(result, '_asyncio_future_blocking', None)
            if blocking is not None:
                # A future must come here from Future.__await__.  (The C
                # task reads the loop of an exact Future/Task directly.)
                if type(result) in _EXACT_FUTURES:
                    result_loop = result._loop
                else:
                    result_loop = futures._get_loop(result)
                if result_loop is not self._loop:
                    _trace.step_end(self, 'yield', None)
                    new_exc = RuntimeError(
                        f'Task {self!r} got Future '
                        f'{result!r} attached to a different loop')
                    self._loop.call_soon(
                        self.__step, new_exc, context=self._context)
                elif blocking:
                    if result is self:
                        _trace.step_end(self, 'yield', None)
                        new_exc = RuntimeError(
                            f'Task cannot await on itself: {self!r}')
                        self._loop.call_soon(
                            self.__step, new_exc, context=self._context)
                    else:
                        _trace.step_end(self, 'await', result)
                        result._asyncio_future_blocking = False
                        result.add_done_callback(
                            self.__wakeup, context=self._context)
                        self._fut_waiter = result
                        if self._must_cancel:
                            if self._fut_waiter.cancel(
                                    self._cancel_message):
                                self._must_cancel = False
                else:
                    _trace.step_end(self, 'yield', None)
                    new_exc = RuntimeError(
                        f'yield was used instead of yield from '
                        f'in task {self!r} with {result!r}')
                    self._loop.call_soon(
                        self.__step, new_exc, context=self._context)

            elif result is None:
                # A bare yield gives up the loop for one iteration.
                _trace.step_end(self, 'yield', None)
                self._loop.call_soon(self.__step, context=self._context)
            elif type(result).__name__ == 'generator':
                _trace.step_end(self, 'yield', None)
                new_exc = RuntimeError(
                    f'yield was used instead of yield from for '
                    f'generator in task {self!r} with {result!r}')
                self._loop.call_soon(
                    self.__step, new_exc, context=self._context)
            else:
                _trace.step_end(self, 'yield', None)
                new_exc = RuntimeError(f'Task got bad yield: {result!r}')
                self._loop.call_soon(
                    self.__step, new_exc, context=self._context)
        finally:
            _leave_task(self._loop, self)
            self = None

    def __wakeup(self, future):
        try:
            future.result()
        except _PROPAGATE as exc:
            if isinstance(exc, _loopscope.Deadlock):
                raise
            self.__step(exc)
        except BaseException as exc:
            # A cancellation arrives here too.
            self.__step(exc)
        else:
            # No value is passed on: Future.__await__ reads it itself.
            self.__step()
        self = None


# CPython's C task shows its wakeup callback as "Task.task_wakeup()" in
# future reprs, with no source location.
Task._Task__wakeup.__qualname__ = 'Task.task_wakeup'
Task._Task__wakeup._asyncio_no_source = True
Task._Task__step.__qualname__ = 'Task.task_step'
Task._Task__step._asyncio_no_source = True

_PyTask = Task
_EXACT_FUTURES = (_Future, Task)


def create_task(coro, *, name=None, context=None):
    loop = events.get_running_loop()
    if context is None:
        task = loop.create_task(coro)
    else:
        task = loop.create_task(coro, context=context)

    _set_task_name(task, name)
    return task


FIRST_COMPLETED = 'FIRST_COMPLETED'
FIRST_EXCEPTION = 'FIRST_EXCEPTION'
ALL_COMPLETED = 'ALL_COMPLETED'


async def wait(fs, *, timeout=None, return_when=ALL_COMPLETED):
    if futures.isfuture(fs) or coroutines.iscoroutine(fs):
        raise TypeError(f"expect a list of futures, not {type(fs).__name__}")
    if not fs:
        raise ValueError('Set of Tasks/Futures is empty.')
    if return_when not in (FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED):
        raise ValueError(f'Invalid return_when value: {return_when}')

    fs = set(fs)

    if any(coroutines.iscoroutine(f) for f in fs):
        raise TypeError("Passing coroutines is forbidden, use tasks explicitly.")

    loop = events.get_running_loop()
    return await _wait(fs, timeout, return_when, loop)


def _release_waiter(waiter, *args):
    if not waiter.done():
        waiter.set_result(None)


async def wait_for(fut, timeout):
    loop = events.get_running_loop()

    if timeout is None:
        return await fut

    if timeout <= 0:
        fut = ensure_future(fut, loop=loop)

        if fut.done():
            return fut.result()

        await _cancel_and_wait(fut, loop=loop)
        try:
            return fut.result()
        except exceptions.CancelledError as exc:
            raise exceptions.TimeoutError() from exc

    waiter = loop.create_future()
    waiter._ls_label = 'wait_for'
    timeout_handle = loop.call_later(timeout, _release_waiter, waiter)
    cb = functools.partial(_release_waiter, waiter)

    fut = ensure_future(fut, loop=loop)
    fut.add_done_callback(cb)

    try:
        try:
            await waiter
        except exceptions.CancelledError:
            if fut.done():
                return fut.result()
            else:
                fut.remove_done_callback(cb)
                # wait_for never returns while fut still runs.
                await _cancel_and_wait(fut, loop=loop)
                raise

        if fut.done():
            return fut.result()
        else:
            fut.remove_done_callback(cb)
            await _cancel_and_wait(fut, loop=loop)
            # If the cancellation was refused with an exception, that one
            # is raised instead of TimeoutError.
            try:
                return fut.result()
            except exceptions.CancelledError as exc:
                raise exceptions.TimeoutError() from exc
    finally:
        timeout_handle.cancel()


async def _wait(fs, timeout, return_when, loop):
    assert fs, 'Set of Futures is empty.'
    waiter = loop.create_future()
    waiter._ls_label = 'wait'
    timeout_handle = None
    if timeout is not None:
        timeout_handle = loop.call_later(timeout, _release_waiter, waiter)
    counter = len(fs)

    def _on_completion(f):
        nonlocal counter
        counter -= 1
        if (counter <= 0 or
            return_when == FIRST_COMPLETED or
            return_when == FIRST_EXCEPTION and (not f.cancelled() and
                                                f.exception() is not None)):
            if timeout_handle is not None:
                timeout_handle.cancel()
            if not waiter.done():
                waiter.set_result(None)

    for f in fs:
        f.add_done_callback(_on_completion)

    try:
        await waiter
    finally:
        if timeout_handle is not None:
            timeout_handle.cancel()
        for f in fs:
            f.remove_done_callback(_on_completion)

    done, pending = set(), set()
    for f in fs:
        if f.done():
            done.add(f)
        else:
            pending.add(f)
    return done, pending


async def _cancel_and_wait(fut, loop):
    waiter = loop.create_future()
    waiter._ls_label = 'wait_for (cancelling)'
    cb = functools.partial(_release_waiter, waiter)
    fut.add_done_callback(cb)

    try:
        fut.cancel()
        # Not `await fut`: this coroutine itself must stay cancellable.
        await waiter
    finally:
        fut.remove_done_callback(cb)


def as_completed(fs, *, timeout=None):
    # A plain generator of coroutines, not a coroutine itself.
    if futures.isfuture(fs) or coroutines.iscoroutine(fs):
        raise TypeError(f"expect an iterable of futures, not {type(fs).__name__}")

    from asyncio.queues import Queue
    done = Queue()

    loop = events._get_event_loop()
    todo = {ensure_future(f, loop=loop) for f in set(fs)}
    timeout_handle = None

    def _on_timeout():
        for f in todo:
            f.remove_done_callback(_on_completion)
            done.put_nowait(None)  # one dummy per unfinished future
        todo.clear()

    def _on_completion(f):
        if not todo:
            return  # _on_timeout came first
        todo.remove(f)
        done.put_nowait(f)
        if not todo and timeout_handle is not None:
            timeout_handle.cancel()

    async def _wait_for_one():
        f = await done.get()
        if f is None:
            raise exceptions.TimeoutError
        return f.result()

    for f in todo:
        f.add_done_callback(_on_completion)
    if todo and timeout is not None:
        timeout_handle = loop.call_later(timeout, _on_timeout)
    for _ in range(len(todo)):
        yield _wait_for_one()


if _HAVE_VM_COROUTINE:
    @_loopscope.coroutine
    def __sleep0():
        # A bare yield: Task.__step reschedules the task for the next loop
        # iteration without a future.
        yield
else:
    class __sleep0:
        # Stand-in while the VM cannot make a generator awaitable.
        def __await__(self):
            yield


# asyncio.sleep, the await of nearly every scenario, is CPython's
# coroutine with its middle in C.
# The lines of CPython's sleep between the check of the delay and the
# `try` are one call into C (engine/ls-asyncio-sleep.c), in their order:
#     loop = events.get_running_loop()
#     future = loop.create_future()
#     future._ls_label = _sleep_label(delay)    # "sleep(0.5)" on the timeline
#     h = loop.call_later(delay,
#                         futures._set_result_unless_cancelled,
#                         future, result)
# and the timer's callback, _set_result_unless_cancelled, is C as well.
# The coroutine stays here: tracebacks show its frame, as CPython's, and
# the await and the finally are the interpreter's.
from _asyncio import _sleep_label, _sleep_schedule


async def sleep(delay, result=None):
    if delay <= 0:
        await __sleep0()
        return result

    # get_running_loop(), create_future(), the label and call_later(),
    # in that order, as CPython does them
    future, h = _sleep_schedule(delay, result)
    # (the future is labelled "sleep(<delay>)" for the timeline; the timer
    # calls futures._set_result_unless_cancelled(future, result))
    #
    try:
        return await future
    finally:
        h.cancel()


def ensure_future(coro_or_future, *, loop=None):
    return _ensure_future(coro_or_future, loop=loop)


def _isawaitable(obj):
    return _iscoroutine(obj) or hasattr(type(obj), '__await__')

# A coroutine object is no future: see the end of the module.
def _ensure_future(coro_or_future, *, loop=None):
    if not (plain := futures.isfuture is _py_isfuture and coroutines.iscoroutine is _iscoroutine and _coroutine_skips_checks(coro_or_future)) and futures.isfuture(coro_or_future):
        if loop is not None and loop is not futures._get_loop(coro_or_future):
            raise ValueError('The future belongs to a different loop than '
                            'the one specified as the loop argument')
        return coro_or_future
    called_wrap_awaitable = False
    if not plain and not coroutines.iscoroutine(coro_or_future):
        if _isawaitable(coro_or_future):
            coro_or_future = _wrap_awaitable(coro_or_future)
            called_wrap_awaitable = True
        else:
            raise TypeError('An asyncio.Future, a coroutine or an awaitable '
                            'is required')

    if loop is None:
        loop = events._get_event_loop(stacklevel=4)
    try:
        return loop.create_task(coro_or_future)
    except RuntimeError:
        if not called_wrap_awaitable:
            coro_or_future.close()
        raise


if _HAVE_VM_COROUTINE:
    @_loopscope.coroutine
    def _wrap_awaitable(awaitable):
        return (yield from awaitable.__await__())
else:
    async def _wrap_awaitable(awaitable):
        return await awaitable

try:
    _wrap_awaitable._is_coroutine = _is_coroutine
except AttributeError:
    pass


class _GatheringFuture(futures.Future):
    # cancel() cancels the children and, like Task.cancel, does not mark
    # the future itself cancelled right away.

    _ls_label = 'gather'

    def __init__(self, children, *, loop):
        assert loop is not None
        _Future.__init__(self, loop=loop)
        self._children = children
        self._cancel_requested = False

    def cancel(self, msg=None):
        if self.done():
            return False
        ret = False
        for child in self._children:
            if child.cancel(msg=msg):
                ret = True
        if ret:
            # Propagated whatever return_exceptions says (bpo-32684).
            self._cancel_requested = True
        return ret


def gather(*coros_or_futures, return_exceptions=False):
    if not coros_or_futures:
        loop = events._get_event_loop()
        outer = loop.create_future()
        outer.set_result([])
        return outer

    def _done_callback(fut):
        nonlocal nfinished
        nfinished += 1

        if outer is None or outer.done():
            if not fut.cancelled():
                # Marks the exception as retrieved.
                fut.exception()
            return

        if not return_exceptions:
            if fut.cancelled():
                # fut.exception() would raise: build the error instead.
                exc = fut._make_cancelled_error()
                outer.set_exception(exc)
                return
            else:
                exc = fut.exception()
                if exc is not None:
                    outer.set_exception(exc)
                    return

        if nfinished == nfuts:
            results = []

            for fut in children:
                if fut.cancelled():
                    # A fresh error per result; _make_cancelled_error is
                    # kept for the one raised below.
                    res = exceptions.CancelledError(
                        '' if fut._cancel_message is None else
                        fut._cancel_message)
                else:
                    res = fut.exception()
                    if res is None:
                        res = fut.result()
                results.append(res)

            if outer._cancel_requested:
                exc = fut._make_cancelled_error()
                outer.set_exception(exc)
            else:
                outer.set_result(results)

    arg_to_fut = {}
    children = []
    nfuts = 0
    nfinished = 0
    loop = None
    outer = None
    for arg in coros_or_futures:
        if arg not in arg_to_fut:
            fut = _ensure_future(arg, loop=loop)
            if loop is None:
                loop = futures._get_loop(fut)
            if fut is not arg:
                # Made here for a coroutine the caller cannot see.
                fut._log_destroy_pending = False

            nfuts += 1
            arg_to_fut[arg] = fut
            fut.add_done_callback(_done_callback)

        else:
            # The same awaitable passed twice: one child, two results.
            fut = arg_to_fut[arg]

        children.append(fut)

    outer = _GatheringFuture(children, loop=loop)
    _trace.gather_created(outer, children)
    return outer


def shield(arg):
    inner = _ensure_future(arg)
    if inner.done():
        return inner
    loop = futures._get_loop(inner)
    outer = loop.create_future()
    outer._ls_label = 'shield'

    def _inner_done_callback(inner):
        if outer.cancelled():
            if not inner.cancelled():
                inner.exception()
            return

        if inner.cancelled():
            outer.cancel()
        else:
            exc = inner.exception()
            if exc is not None:
                outer.set_exception(exc)
            else:
                outer.set_result(inner.result())

    def _outer_done_callback(outer):
        if not inner.done():
            _trace.shield_absorbed(outer, inner)
            inner.remove_done_callback(_inner_done_callback)

    inner.add_done_callback(_inner_done_callback)
    outer.add_done_callback(_outer_done_callback)
    return outer


def run_coroutine_threadsafe(coro, loop):
    if not coroutines.iscoroutine(coro):
        raise TypeError('A coroutine object is required')
    import concurrent.futures as cf
    future = cf.Future()

    def callback():
        try:
            futures._chain_future(ensure_future(coro, loop=loop), future)
        except _PROPAGATE:
            raise
        except BaseException as exc:
            if future.set_running_or_notify_cancel():
                future.set_exception(exc)
            raise

    loop.call_soon_threadsafe(callback)
    return future


# Tasks not yet done, in creation order (a dict used as an ordered set).
# CPython keeps a WeakSet of all tasks and all_tasks() filters out the done
# ones; here a task leaves when it finishes, which all_tasks() cannot tell
# apart.
_all_tasks = {}

# The task each running loop is executing: {loop: task}.
_current_tasks = {}


def _register_task(task):
    _all_tasks[task] = None


def _enter_task(loop, task):
    current_task = _current_tasks.get(loop)
    if current_task is not None:
        raise RuntimeError(f"Cannot enter into task {task!r} while another "
                           f"task {current_task!r} is being executed.")
    _current_tasks[loop] = task


def _leave_task(loop, task):
    current_task = _current_tasks.get(loop)
    if current_task is not task:
        raise RuntimeError(f"Leaving task {task!r} does not match "
                           f"the current task {current_task!r}.")
    del _current_tasks[loop]


def _unregister_task(task):
    _all_tasks.pop(task, None)


_py_register_task = _register_task
_py_unregister_task = _unregister_task
_py_enter_task = _enter_task
_py_leave_task = _leave_task

# The C Task (engine/ls-asyncio-task.c), selected as CPython selects
# _asyncio's; it and the functions above share the two tables.
try:
    import _asyncio
except ImportError:
    pass
else:
    Task = _CTask = _asyncio.Task
    _all_tasks = _asyncio._all_tasks
    _current_tasks = _asyncio._current_tasks


# _ensure_future's shortcut, taken for every coroutine gather() wraps: a
# coroutine object's class is built in and has no _asyncio_future_blocking,
# so futures.isfuture() would return False and coroutines.iscoroutine()
# True, running nothing that could raise or be seen.
# _coroutine_skips_checks (engine/ls-asyncio-future.c) charges the two
# calls as the interpreter would (recursion check, instruction count).
# Both are still called when the library's own were replaced.  (New lines
# go here, at the end, so that the line numbers tracebacks show stay.)
_py_isfuture = futures.isfuture
try:
    from _asyncio import _coroutine_skips_checks
except ImportError:
    def _coroutine_skips_checks(obj):
        return False


# `await sleep(delay)` with an int or float delay runs no frame: its
# coroutine's body is C (engine/ls-asyncio-sleep-coroutine.c), the same
# coroutine to the scenario, with the lines above in its tracebacks.
# The frame runs whenever sleep, __sleep0 or _sleep_schedule here are
# not these.
if _HAVE_VM_COROUTINE:
    try:
        from _asyncio import _install_sleep
    except ImportError:
        pass
    else:
        _install_sleep(sleep, __sleep0)
        del _install_sleep


# gather's per-child callback: its usual case (a child with a result, the
# gathering future pending) runs without the frame, in C
# (engine/ls-asyncio-gather.c); the frame runs for everything else.
try:
    from _asyncio import _install_gather
except ImportError:
    pass
else:
    _install_gather(gather, _GatheringFuture)
    del _install_gather


# _asyncio's task tables' functions, bound over the Python ones above as
# CPython's tasks.py binds its C ones.
try:
    from _asyncio import (_register_task, _unregister_task,
                          _enter_task, _leave_task)
except ImportError:
    pass
else:
    _c_register_task = _register_task
    _c_unregister_task = _unregister_task
    _c_enter_task = _enter_task
    _c_leave_task = _leave_task
