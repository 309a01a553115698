# SPDX-License-Identifier: GPL-3.0-or-later
# Handles, the abstract loop, the loop policy and the running-loop slot,
# after CPython 3.11's asyncio/events.py.  Contexts (contextvars) do not
# exist in the simulator: `context=` is accepted everywhere and ignored.

from asyncio.vmglue import loopscope as _loopscope
# The C handles format their callbacks with format_helpers: it must be loaded.
from asyncio import format_helpers


# Handle and TimerHandle are C (ls-asyncio-handle.c): the loop makes one
# for every callback and every sleep.  They behave as CPython 3.11's
# Python classes here did, except that timers with equal deadlines run in
# the order they were scheduled: each TimerHandle takes a sequence number
# and the loop's heap orders by (when, seq).  (CPython compares `when`
# alone, and its heap is not stable; with a real clock ties almost never
# happen, so FIFO is what people observe.)
from _lsloop import Handle, TimerHandle


class AbstractServer:
    def close(self):
        raise NotImplementedError

    def get_loop(self):
        raise NotImplementedError

    def is_serving(self):
        raise NotImplementedError


class AbstractEventLoop:
    # Only the part of the interface the simulator can offer: no sockets,
    # pipes, subprocesses or signals.

    def run_forever(self):
        raise NotImplementedError

    def run_until_complete(self, future):
        raise NotImplementedError

    def stop(self):
        raise NotImplementedError

    def is_running(self):
        raise NotImplementedError

    def is_closed(self):
        raise NotImplementedError

    def close(self):
        raise NotImplementedError

    async def shutdown_asyncgens(self):
        raise NotImplementedError

    async def shutdown_default_executor(self):
        raise NotImplementedError

    def _timer_handle_cancelled(self, handle):
        raise NotImplementedError

    def call_soon(self, callback, *args, context=None):
        return self.call_later(0, callback, *args, context=context)

    def call_later(self, delay, callback, *args, context=None):
        raise NotImplementedError

    def call_at(self, when, callback, *args, context=None):
        raise NotImplementedError

    def time(self):
        raise NotImplementedError

    def create_future(self):
        raise NotImplementedError

    def create_task(self, coro, *, name=None, context=None):
        raise NotImplementedError

    def call_soon_threadsafe(self, callback, *args, context=None):
        raise NotImplementedError

    def run_in_executor(self, executor, func, *args):
        raise NotImplementedError

    def set_default_executor(self, executor):
        raise NotImplementedError

    def set_task_factory(self, factory):
        raise NotImplementedError

    def get_task_factory(self):
        raise NotImplementedError

    def get_exception_handler(self):
        raise NotImplementedError

    def set_exception_handler(self, handler):
        raise NotImplementedError

    def default_exception_handler(self, context):
        raise NotImplementedError

    def call_exception_handler(self, context):
        raise NotImplementedError

    def get_debug(self):
        raise NotImplementedError

    def set_debug(self, enabled):
        raise NotImplementedError


class AbstractEventLoopPolicy:
    def get_event_loop(self):
        raise NotImplementedError

    def set_event_loop(self, loop):
        raise NotImplementedError

    def new_event_loop(self):
        raise NotImplementedError


def _threading():
    try:
        import threading
    except ImportError:
        return None
    if not hasattr(threading, 'get_ident'):
        return None
    return threading


class _PerThread:
    # threading.local for the policy's two fields, keyed by thread ident.
    def __init__(self):
        self._slots = {}

    def _key(self):
        threading = _threading()
        if threading is None:
            return 0
        return threading.get_ident()

    def get(self):
        slot = self._slots.get(self._key())
        if slot is None:
            return (None, False)
        return slot

    def set(self, loop, set_called):
        self._slots[self._key()] = (loop, set_called)


class BaseDefaultEventLoopPolicy(AbstractEventLoopPolicy):
    _loop_factory = None

    def __init__(self):
        self._local = _PerThread()

    def get_event_loop(self):
        loop, set_called = self._local.get()
        threading = _threading()
        if (loop is None and not set_called and
                (threading is None or
                 threading.current_thread() is threading.main_thread())):
            self.set_event_loop(self.new_event_loop())
            loop, set_called = self._local.get()

        if loop is None:
            raise RuntimeError('There is no current event loop in thread %r.'
                               % threading.current_thread().name)
        return loop

    def set_event_loop(self, loop):
        if loop is not None and not isinstance(loop, AbstractEventLoop):
            raise TypeError(f"loop must be an instance of AbstractEventLoop or None, not '{type(loop).__name__}'")
        self._local.set(loop, True)

    def new_event_loop(self):
        return self._loop_factory()


_event_loop_policy = None


# The running loop lives in the VM, one slot per thread.
_get_running_loop = _loopscope.get_running_loop
_set_running_loop = _loopscope.set_running_loop


def get_running_loop():
    loop = _get_running_loop()
    if loop is None:
        raise RuntimeError('no running event loop')
    return loop


def _init_event_loop_policy():
    global _event_loop_policy
    if _event_loop_policy is None:
        from asyncio.unix_events import DefaultEventLoopPolicy
        _event_loop_policy = DefaultEventLoopPolicy()


def get_event_loop_policy():
    if _event_loop_policy is None:
        _init_event_loop_policy()
    return _event_loop_policy


def set_event_loop_policy(policy):
    global _event_loop_policy
    if policy is not None and not isinstance(policy, AbstractEventLoopPolicy):
        raise TypeError(f"policy must be an instance of AbstractEventLoopPolicy or None, not '{type(policy).__name__}'")
    _event_loop_policy = policy


def get_event_loop():
    current_loop = _get_running_loop()
    if current_loop is not None:
        return current_loop
    return get_event_loop_policy().get_event_loop()


def _get_event_loop(stacklevel=3):
    current_loop = _get_running_loop()
    if current_loop is not None:
        return current_loop
    return get_event_loop_policy().get_event_loop()


def set_event_loop(loop):
    get_event_loop_policy().set_event_loop(loop)


def new_event_loop():
    return get_event_loop_policy().new_event_loop()


# What a callback or a task step lets through instead of reporting it to
# the loop's exception handler: CPython's two, plus the simulator's
# "nothing can ever wake this loop" signal, which has to reach the loop.
_PROPAGATE = (SystemExit, KeyboardInterrupt, _loopscope.Deadlock)
