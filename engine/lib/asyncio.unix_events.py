# SPDX-License-Identifier: GPL-3.0-or-later
# The loop class that asyncio.run creates, named as on CPython/Linux
# (_UnixSelectorEventLoop, a BaseSelectorEventLoop).  Its "selector" is the
# simulator: select(timeout) is _loopscope.loop_wait(timeout), during which
# worker threads run and virtual time advances; call_soon_threadsafe wakes
# it with _loopscope.wake_loop().

from asyncio import base_events
from asyncio import events
from asyncio.vmglue import loopscope as _loopscope
import _lsloop


class _LoopscopeSelector:
    # As the reference runner's selector: an idle loop sleeps until its
    # earliest timer's own `when` (capped by now + timeout), so the clock
    # lands exactly on deadlines.
    def __init__(self, loop):
        self._loop = loop

    # select(timeout=None): _loopscope.loop_wait(timeout, the earliest
    # timer's when), in C, which the C _run_once calls directly.
    select = _lsloop.selector_select

    def close(self):
        pass


class BaseSelectorEventLoop(base_events.BaseEventLoop):
    __module__ = 'asyncio.selector_events'

    def __init__(self, selector=None):
        super().__init__()
        if selector is None:
            selector = _LoopscopeSelector(self)
        self._selector = selector

    def close(self):
        if self.is_running():
            raise RuntimeError("Cannot close a running event loop")
        if self.is_closed():
            return
        super().close()
        if self._selector is not None:
            self._selector.close()
            self._selector = None

    # No I/O to process (C, so that _run_once can tell it is this one).
    _process_events = _lsloop._process_events

    def _write_to_self(self):
        # Wakes the loop's thread if it waits in select().
        if self._thread_id is None:
            _loopscope.wake_loop()
        else:
            _loopscope.wake_loop(self._thread_id)


class _UnixSelectorEventLoop(BaseSelectorEventLoop):
    pass


SelectorEventLoop = _UnixSelectorEventLoop


class _UnixDefaultEventLoopPolicy(events.BaseDefaultEventLoopPolicy):
    _loop_factory = _UnixSelectorEventLoop


DefaultEventLoopPolicy = _UnixDefaultEventLoopPolicy

# run_in_executor's small helpers (the loop's _check_closed,
# _check_default_executor, is_closed and _write_to_self, asyncio.futures'
# _concurrent, asyncio.base_events' _callable_name) in C when nothing on
# their way can raise: ls-asyncio-executor.c.
if _loopscope is not None and hasattr(_loopscope, 'executor_natives'):
    _loopscope.executor_natives(base_events.BaseEventLoop, BaseSelectorEventLoop)
