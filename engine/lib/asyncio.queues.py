# SPDX-License-Identifier: GPL-3.0-or-later
# Queue, PriorityQueue and LifoQueue, after CPython 3.11's
# asyncio/queues.py (the loop-bound mixin written out).

from asyncio import locks
from asyncio.vmglue import deque, heappush, heappop
from asyncio.vmglue import class_getitem


class QueueEmpty(Exception):
    pass


class QueueFull(Exception):
    pass


class Queue:
    _loop = None

    def __init__(self, maxsize=0):
        self._maxsize = maxsize

        # Futures of blocked get() and put() calls.
        self._getters = deque()
        self._putters = deque()
        self._unfinished_tasks = 0
        self._finished = locks.Event()
        self._finished.set()
        self._init(maxsize)

    def _get_loop(self):
        return locks._bound_loop(self)

    __class_getitem__ = classmethod(class_getitem)

    # Subclasses change the storage order through these three.

    def _init(self, maxsize):
        self._queue = deque()

    def _get(self):
        return self._queue.popleft()

    def _put(self, item):
        self._queue.append(item)

    def _wakeup_next(self, waiters):
        # Wake the first waiter that is not cancelled, if any.
        while waiters:
            waiter = waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                break

    def __repr__(self):
        return f'<{type(self).__name__} at {id(self):#x} {self._format()}>'

    def __str__(self):
        return f'<{type(self).__name__} {self._format()}>'

    def _format(self):
        result = f'maxsize={self._maxsize!r}'
        if getattr(self, '_queue', None):
            result += f' _queue={list(self._queue)!r}'
        if self._getters:
            result += f' _getters[{len(self._getters)}]'
        if self._putters:
            result += f' _putters[{len(self._putters)}]'
        if self._unfinished_tasks:
            result += f' tasks={self._unfinished_tasks}'
        return result

    def qsize(self):
        return len(self._queue)

    @property
    def maxsize(self):
        return self._maxsize

    def empty(self):
        return not self._queue

    def full(self):
        if self._maxsize <= 0:
            return False
        else:
            return self.qsize() >= self._maxsize

    async def put(self, item):
        while self.full():
            putter = self._get_loop().create_future()
            _ls_waiter_label(putter, self, '.put')
            self._putters.append(putter)
            try:
                await putter
            except:
                putter.cancel()  # in case it is not done yet
                try:
                    self._putters.remove(putter)
                except ValueError:
                    # get_nowait() may have taken it off already.
                    pass
                if not self.full() and not putter.cancelled():
                    # Woken by get_nowait() but leaving: pass the turn on.
                    self._wakeup_next(self._putters)
                raise
        return self.put_nowait(item)

    def put_nowait(self, item):
        if self.full():
            raise QueueFull
        self._put(item)
        self._unfinished_tasks += 1
        self._finished.clear()
        self._wakeup_next(self._getters)

    async def get(self):
        while self.empty():
            getter = self._get_loop().create_future()
            _ls_waiter_label(getter, self, '.get')
            self._getters.append(getter)
            try:
                await getter
            except:
                getter.cancel()  # in case it is not done yet
                try:
                    self._getters.remove(getter)
                except ValueError:
                    # put_nowait() may have taken it off already.
                    pass
                if not self.empty() and not getter.cancelled():
                    # Woken by put_nowait() but leaving: pass the turn on.
                    self._wakeup_next(self._getters)
                raise
        return self.get_nowait()

    def get_nowait(self):
        if self.empty():
            raise QueueEmpty
        item = self._get()
        self._wakeup_next(self._putters)
        return item

    def task_done(self):
        if self._unfinished_tasks <= 0:
            raise ValueError('task_done() called too many times')
        self._unfinished_tasks -= 1
        if self._unfinished_tasks == 0:
            self._finished.set()

    async def join(self):
        if self._unfinished_tasks > 0:
            await self._finished.wait()


class PriorityQueue(Queue):
    # Lowest first, through the heap functions CPython uses.

    def _init(self, maxsize):
        self._queue = []

    def _put(self, item):
        heappush(self._queue, item)

    def _get(self):
        return heappop(self._queue)


class LifoQueue(Queue):

    def _init(self, maxsize):
        self._queue = []

    def _put(self, item):
        self._queue.append(item)

    def _get(self):
        return self._queue.pop()


# The hot path is C (ls-asyncio-queue.c): qsize, empty, full, put_nowait,
# get_nowait, _put, _get, _wakeup_next and task_done do the work of the
# methods above when every method and attribute they reach through self.
# is the library's own, and otherwise call the methods above, kept as they
# are, so that a subclass's overrides, errors and tracebacks are CPython's.
# `await q.put(x)` and `await q.get()` run no coroutine at all when theirs
# would return at once (ls_vm_await_shortcut).  install() also defines
# _ls_waiter_label(putter, self, '.put'): putter._ls_label =
# f'{type(self).__name__}.put', one str per name, for the waiters' trace
# labels (a C Future's field set without the attribute machinery).
import _lsqueue  # noqa: E402 (last, so that line numbers stay put)
_lsqueue.install(Queue, locks.Event)
del _lsqueue
