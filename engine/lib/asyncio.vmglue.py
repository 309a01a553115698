# SPDX-License-Identifier: GPL-3.0-or-later
# Everything the asyncio package takes from outside itself, in one place:
#
#   loopscope  the _loopscope C module (the loop's clock and "selector",
#              the running-loop slot, coroutine helpers, deadlock report);
#   trace      the _trace C module (timeline events);
#   deque      a lean FIFO (see below);
#   heappush/heappop/heapify, count
#              from heapq/itertools when those library modules exist,
#              otherwise small private versions.
#
# The stand-ins below only exist so that the package can be imported and
# exercised before the C modules are there; with the C modules present
# they are never used.


try:
    import _loopscope as loopscope
except ImportError:
    loopscope = None


class _StandInDeadlock(BaseException):
    pass


class _StandInLoopscope:
    # A single-threaded clock: enough to run asyncio programs without
    # worker threads.  Nothing can wake a loop that waits forever.
    Deadlock = _StandInDeadlock

    def __init__(self):
        self._now = 0.0
        self._running = None

    def loop_wait(self, timeout, deadline=None):
        if timeout is None:
            if deadline is None:
                raise _StandInDeadlock('nothing can wake the event loop')
            self._now = deadline
        elif timeout > 0:
            cap = self._now + timeout
            self._now = cap if deadline is None else min(deadline, cap)

    def wake_loop(self, ident=None):
        pass

    def time(self):
        return self._now

    def coroutine(self, func):
        return func

    def iscoroutine(self, obj):
        return type(obj).__name__ == 'coroutine'

    def log_error(self, text):
        pass

    def set_running_loop(self, loop):
        self._running = loop

    def get_running_loop(self):
        return self._running

    def default_cpu_count(self):
        return 8

    def report_deadlock(self, text):
        raise RuntimeError('deadlock:\n' + text)


if loopscope is None:
    loopscope = _StandInLoopscope()
    HAVE_LOOPSCOPE = False
else:
    HAVE_LOOPSCOPE = True


def _ignore(*args):
    return None


_TRACE_POINTS = (
    'task_created', 'step_start', 'step_end', 'cancel_delivered',
    'cancel_requested', 'future_cancel_requested', 'future_created',
    'future_done', 'callback_scheduled', 'callback_run', 'callback_done',
    'timer_armed', 'timer_cancelled', 'timeout_armed', 'timeout_rescheduled',
    'timeout_expired', 'shield_absorbed', 'gather_created',
)


class _Trace:
    # One attribute per trace point: the C function when _trace has it, a
    # no-op otherwise, so a partly written _trace never breaks a program.
    pass


trace = _Trace()
try:
    import _trace as _trace_module
except ImportError:
    _trace_module = None
for _name in _TRACE_POINTS:
    setattr(trace, _name, getattr(_trace_module, _name, _ignore)
            if _trace_module is not None else _ignore)


# --- deque -----------------------------------------------------------------

class _ListDeque:
    # A list with a moving head: append/popleft in O(1) amortized.
    def __init__(self, iterable=()):
        self._items = list(iterable)
        self._head = 0

    def append(self, item):
        self._items.append(item)

    def appendleft(self, item):
        if self._head > 0:
            self._head -= 1
            self._items[self._head] = item
        else:
            self._items.insert(0, item)

    def popleft(self):
        items = self._items
        head = self._head
        if head >= len(items):
            raise IndexError('pop from an empty deque')
        item = items[head]
        items[head] = None
        head += 1
        if head >= len(items):
            items.clear()
            head = 0
        elif head >= 64 and head * 2 >= len(items):
            del items[:head]
            head = 0
        self._head = head
        return item

    def pop(self):
        if self._head >= len(self._items):
            raise IndexError('pop from an empty deque')
        item = self._items.pop()
        if self._head >= len(self._items):
            self._items.clear()
            self._head = 0
        return item

    def remove(self, value):
        items = self._items
        for i in range(self._head, len(items)):
            if items[i] == value:
                del items[i]
                return
        raise ValueError(f'{value!r} is not in deque')

    def clear(self):
        self._items.clear()
        self._head = 0

    def __len__(self):
        return len(self._items) - self._head

    def __bool__(self):
        return len(self._items) > self._head

    def __iter__(self):
        return iter(self._items[self._head:])

    def __getitem__(self, index):
        if index < 0:
            index += len(self)
        if index < 0 or index >= len(self):
            raise IndexError('deque index out of range')
        return self._items[self._head + index]

    def __repr__(self):
        return f'deque({self._items[self._head:]!r})'


# Not collections.deque: asyncio only appends, pops from the left, removes
# and iterates, and the ready queue does that for every callback, so the
# list-with-a-head version is the faster; _lsfifo is the same in C
# (ls-fifolib.c), without a Python call per operation.
try:
    from _lsfifo import deque
except ImportError:
    deque = _ListDeque


# --- heap ------------------------------------------------------------------
# heapq (engine/lib/heapq.py over the C _heapq) is always in the binary and
# uses CPython's sift algorithms, so PriorityQueue and the timer heap order
# equal items as CPython does.

from heapq import heappush, heappop, heapify


# --- generic aliases -------------------------------------------------------
# Future[int], Task[None], Queue[str]: CPython returns a types.GenericAlias;
# the VM has none, so the class itself stands for it, as list[int] does.

def class_getitem(cls, item):
    return cls


# --- counter ---------------------------------------------------------------

class _Counter:
    def __init__(self, start=0):
        self._next = start

    def __next__(self):
        value = self._next
        self._next = value + 1
        return value

    def __iter__(self):
        return self


def count(start=0):
    return _Counter(start)


# --- reprlib.repr ----------------------------------------------------------
# asyncio shortens results and callback arguments in reprs with
# reprlib.repr; these are its default limits.

_MAXLEVEL = 6
_MAXSTRING = 30
_MAXLONG = 40
_MAXOTHER = 30


def _cut(s, limit):
    if len(s) > limit:
        i = max(0, (limit - 3) // 2)
        j = max(0, limit - 3 - i)
        s = s[:i] + '...' + s[len(s) - j:]
    return s


def _short_iterable(x, level, left, right, maxiter, trail=''):
    n = len(x)
    if level <= 0 and n:
        s = '...'
    else:
        pieces = []
        for i, elem in enumerate(x):
            if i >= maxiter:
                break
            pieces.append(_short(elem, level - 1))
        if n > maxiter:
            pieces.append('...')
        s = ', '.join(pieces)
        if n == 1 and trail:
            right = trail + right
    return left + s + right


def _possibly_sorted(x):
    try:
        return sorted(x)
    except Exception:
        return list(x)


def _short(x, level):
    kind = type(x)
    if kind is str:
        s = repr(x[:_MAXSTRING])
        if len(s) > _MAXSTRING:
            i = max(0, (_MAXSTRING - 3) // 2)
            j = max(0, _MAXSTRING - 3 - i)
            s = repr(x[:i] + x[len(x) - j:])
            s = s[:i] + '...' + s[len(s) - j:]
        return s
    if kind is int:
        return _cut(repr(x), _MAXLONG)
    if kind is tuple:
        return _short_iterable(x, level, '(', ')', 6, ',')
    if kind is list:
        return _short_iterable(x, level, '[', ']', 6)
    if kind is set:
        if not x:
            return 'set()'
        return _short_iterable(_possibly_sorted(x), level, '{', '}', 6)
    if kind is dict:
        n = len(x)
        if n == 0:
            return '{}'
        if level <= 0:
            return '{...}'
        pieces = []
        for i, key in enumerate(_possibly_sorted(x)):
            if i >= 4:
                break
            pieces.append(_short(key, level - 1) + ': ' + _short(x[key], level - 1))
        if n > 4:
            pieces.append('...')
        return '{' + ', '.join(pieces) + '}'
    try:
        s = repr(x)
    except Exception:
        return f'<{type(x).__name__} instance at {id(x):#x}>'
    return _cut(s, _MAXOTHER)


def short_repr(x):
    return _short(x, _MAXLEVEL)
