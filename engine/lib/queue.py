# SPDX-License-Identifier: GPL-3.0-or-later
# queue for scenarios: CPython 3.11's Lib/queue.py logic over the virtual
# threading primitives (a FIFO lock and conditions), so producers and
# consumers wake in the same order as under the reference runner.
#
# SimpleQueue is CPython's C type; the reference runner replaces it with a
# deque guarded by one Condition (vrun.VSimpleQueue), and so does this one.
# _PySimpleQueue (CPython's semaphore-based fallback) is kept as well.

import threading
from collections import deque
from heapq import heappush, heappop
from time import monotonic as time

__all__ = ['Empty', 'Full', 'Queue', 'PriorityQueue', 'LifoQueue',
           'SimpleQueue']


class Empty(Exception):
    __module__ = '_queue'


class Full(Exception):
    pass


class Queue:

    def __init__(self, maxsize=0):
        self.maxsize = maxsize
        self._init(maxsize)
        # one lock shared by the three conditions, as CPython
        self.mutex = threading.Lock()
        self.not_empty = threading.Condition(self.mutex)
        self.not_full = threading.Condition(self.mutex)
        self.all_tasks_done = threading.Condition(self.mutex)
        self.unfinished_tasks = 0

    def task_done(self):
        with self.all_tasks_done:
            unfinished = self.unfinished_tasks - 1
            if unfinished <= 0:
                if unfinished < 0:
                    raise ValueError('task_done() called too many times')
                self.all_tasks_done.notify_all()
            self.unfinished_tasks = unfinished

    def join(self):
        with self.all_tasks_done:
            while self.unfinished_tasks:
                self.all_tasks_done.wait()

    def qsize(self):
        with self.mutex:
            return self._qsize()

    def empty(self):
        with self.mutex:
            return not self._qsize()

    def full(self):
        with self.mutex:
            return 0 < self.maxsize <= self._qsize()

    def put(self, item, block=True, timeout=None):
        with self.not_full:
            if self.maxsize > 0:
                if not block:
                    if self._qsize() >= self.maxsize:
                        raise Full
                elif timeout is None:
                    while self._qsize() >= self.maxsize:
                        self.not_full.wait()
                elif timeout < 0:
                    raise ValueError("'timeout' must be a non-negative number")
                else:
                    endtime = time() + timeout
                    while self._qsize() >= self.maxsize:
                        remaining = endtime - time()
                        if remaining <= 0.0:
                            raise Full
                        self.not_full.wait(remaining)
            self._put(item)
            self.unfinished_tasks += 1
            self.not_empty.notify()

    def get(self, block=True, timeout=None):
        with self.not_empty:
            if not block:
                if not self._qsize():
                    raise Empty
            elif timeout is None:
                while not self._qsize():
                    self.not_empty.wait()
            elif timeout < 0:
                raise ValueError("'timeout' must be a non-negative number")
            else:
                endtime = time() + timeout
                while not self._qsize():
                    remaining = endtime - time()
                    if remaining <= 0.0:
                        raise Empty
                    self.not_empty.wait(remaining)
            item = self._get()
            self.not_full.notify()
            return item

    def put_nowait(self, item):
        return self.put(item, block=False)

    def get_nowait(self):
        return self.get(block=False)

    # The storage; subclasses change these four.
    def _init(self, maxsize):
        self.queue = deque()

    def _qsize(self):
        return len(self.queue)

    def _put(self, item):
        self.queue.append(item)

    def _get(self):
        return self.queue.popleft()


class PriorityQueue(Queue):

    def _init(self, maxsize):
        self.queue = []

    def _qsize(self):
        return len(self.queue)

    def _put(self, item):
        heappush(self.queue, item)

    def _get(self):
        return heappop(self.queue)


class LifoQueue(Queue):

    def _init(self, maxsize):
        self.queue = []

    def _qsize(self):
        return len(self.queue)

    def _put(self, item):
        self.queue.append(item)

    def _get(self):
        return self.queue.pop()


class SimpleQueue:
    # An unbounded FIFO: put() never blocks; get() waits on one condition.
    __module__ = '_queue'

    def __init__(self):
        self._q = _Fifo()
        self._cond = threading.Condition(threading.Lock())

    def put(self, item, block=True, timeout=None):
        with self._cond:
            self._q.append(item)
            self._cond.notify()

    def put_nowait(self, item):
        self.put(item, False)

    def get(self, block=True, timeout=None):
        with self._cond:
            if not block:
                if not self._q:
                    raise Empty
            elif timeout is None:
                while not self._q:
                    self._cond.wait()
            elif timeout < 0:
                raise ValueError("'timeout' must be a non-negative number")
            else:
                endtime = time() + timeout
                while not self._q:
                    remaining = endtime - time()
                    if remaining <= 0.0:
                        raise Empty
                    self._cond.wait(remaining)
            return self._q.popleft()

    def get_nowait(self):
        return self.get(False)

    def empty(self):
        return not self._q

    def qsize(self):
        return len(self._q)


class _PySimpleQueue:
    # CPython's pure-Python SimpleQueue: a deque and a counting semaphore.

    def __init__(self):
        self._queue = deque()
        self._count = threading.Semaphore(0)

    def put(self, item, block=True, timeout=None):
        self._queue.append(item)
        self._count.release()

    def get(self, block=True, timeout=None):
        if timeout is not None and timeout < 0:
            raise ValueError("'timeout' must be a non-negative number")
        if not self._count.acquire(block, timeout):
            raise Empty
        return self._queue.popleft()

    def put_nowait(self, item):
        return self.put(item, block=False)

    def get_nowait(self):
        return self.get(block=False)

    def empty(self):
        return len(self._queue) == 0

    def qsize(self):
        return len(self._queue)


# SimpleQueue's storage: CPython's SimpleQueue is C and shows no deque, so
# the simulator's C FIFO (ls-fifolib.c) serves, with no Python call for
# append, popleft or truth; Queue.queue stays a collections.deque, which a
# program sees.  Defined last, so that the lines above keep their numbers
# in tracebacks.
from _lsfifo import deque as _Fifo

# SimpleQueue's put() that wakes nobody and get() that finds an item done
# in C (ls-simple-queue.c); otherwise the C versions call the methods
# defined above, whose frames a traceback shows.
import _loopscope
_loopscope.simple_queue_natives(SimpleQueue, _Fifo)
