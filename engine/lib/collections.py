# SPDX-License-Identifier: GPL-3.0-or-later
# collections for scenarios: deque.
#
# deque is a ring buffer over a plain list (O(1) at both ends), with the
# behaviour and messages of CPython 3.11's C deque: maxlen trimming from the
# opposite end, "deque mutated during iteration", repr `deque([1, 2])`.
#
# Not provided: defaultdict, Counter, OrderedDict and namedtuple. In CPython
# the first three are dict subclasses, and the scenario VM cannot subclass
# built-in types; a look-alike that is not a dict would misbehave silently
# (isinstance, dict(...), ==, json-like printing), so importing them fails
# loudly instead.

__all__ = ['deque']


def _index(obj):
    if isinstance(obj, bool) or isinstance(obj, int):
        return int(obj)
    method = getattr(obj, '__index__', None)
    if method is None:
        raise TypeError("'%s' object cannot be interpreted as an integer"
                        % type(obj).__name__)
    return method()


class deque:
    __hash__ = None

    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None:
            maxlen = _index(maxlen)
            if maxlen < 0:
                raise ValueError("maxlen must be non-negative")
        self._maxlen = maxlen
        self._buf = [None] * 8
        self._head = 0
        self._size = 0
        self._state = 0
        if iterable is not None and iterable != ():
            self.extend(iterable)

    # -- ring buffer helpers ------------------------------------------------
    def _grow(self):
        old = self._buf
        cap = len(old)
        head = self._head
        items = old[head:] + old[:head]
        self._buf = items + [None] * cap
        self._head = 0

    def _at(self, i):
        return self._buf[(self._head + i) % len(self._buf)]

    def _normalize(self, index):
        i = _index(index)
        if i < 0:
            i += self._size
        if i < 0 or i >= self._size:
            raise IndexError("deque index out of range")
        return i

    def _items(self):
        buf = self._buf
        cap = len(buf)
        head = self._head
        end = head + self._size
        if end <= cap:
            return buf[head:end]
        return buf[head:] + buf[:end - cap]

    def _reset(self, items):
        cap = 8
        while cap < len(items):
            cap *= 2
        self._buf = list(items) + [None] * (cap - len(items))
        self._head = 0
        self._size = len(items)

    # -- the two ends -------------------------------------------------------
    def _push_right(self, x):
        if self._size == len(self._buf):
            self._grow()
        buf = self._buf
        buf[(self._head + self._size) % len(buf)] = x
        self._size += 1

    def _push_left(self, x):
        if self._size == len(self._buf):
            self._grow()
        buf = self._buf
        self._head = (self._head - 1) % len(buf)
        buf[self._head] = x
        self._size += 1

    def _pop_right(self):
        buf = self._buf
        pos = (self._head + self._size - 1) % len(buf)
        x = buf[pos]
        buf[pos] = None
        self._size -= 1
        return x

    def _pop_left(self):
        buf = self._buf
        x = buf[self._head]
        buf[self._head] = None
        self._head = (self._head + 1) % len(buf)
        self._size -= 1
        return x

    def append(self, x):
        self._state += 1
        if self._maxlen == 0:
            return
        self._push_right(x)
        if self._maxlen is not None and self._size > self._maxlen:
            self._pop_left()

    def appendleft(self, x):
        self._state += 1
        if self._maxlen == 0:
            return
        self._push_left(x)
        if self._maxlen is not None and self._size > self._maxlen:
            self._pop_right()

    def pop(self):
        if self._size == 0:
            raise IndexError("pop from an empty deque")
        self._state += 1
        return self._pop_right()

    def popleft(self):
        if self._size == 0:
            raise IndexError("pop from an empty deque")
        self._state += 1
        return self._pop_left()

    def extend(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.append(x)

    def extendleft(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.appendleft(x)

    def clear(self):
        self._state += 1
        self._buf = [None] * 8
        self._head = 0
        self._size = 0

    def copy(self):
        return deque(self._items(), self._maxlen)

    def __copy__(self):
        return self.copy()

    def count(self, value):
        n = 0
        state = self._state
        for i in range(self._size):
            if self._at(i) == value:
                n += 1
            if state != self._state:
                raise RuntimeError("deque mutated during iteration")
        return n

    def index(self, value, start=0, stop=None):
        size = self._size
        if stop is None:
            stop = size
        if start < 0:
            start += size
            if start < 0:
                start = 0
        if stop < 0:
            stop += size
            if stop < 0:
                stop = 0
        if stop > size:
            stop = size
        state = self._state
        i = start
        while i < stop:
            if self._at(i) == value:
                return i
            if state != self._state:
                raise RuntimeError("deque mutated during iteration")
            i += 1
        raise ValueError("%r is not in deque" % (value,))

    def insert(self, index, value):
        if self._maxlen is not None and self._size >= self._maxlen:
            raise IndexError("deque already at its maximum size")
        index = _index(index)
        size = self._size
        if index < 0:
            index += size
            if index < 0:
                index = 0
        if index >= size:
            self.append(value)
            return
        items = self._items()
        items.insert(index, value)
        self._state += 1
        self._reset(items)

    def remove(self, value):
        state = self._state
        for i in range(self._size):
            found = self._at(i) == value
            if state != self._state:
                raise IndexError("deque mutated during iteration")
            if found:
                items = self._items()
                del items[i]
                self._state += 1
                self._reset(items)
                return
        raise ValueError("%r is not in deque" % (value,))

    def reverse(self):
        items = self._items()
        items.reverse()
        self._state += 1
        self._reset(items)

    def rotate(self, n=1):
        size = self._size
        if size <= 1:
            return
        n = _index(n) % size
        if n == 0:
            return
        self._state += 1
        items = self._items()
        self._reset(items[size - n:] + items[:size - n])

    @property
    def maxlen(self):
        return self._maxlen

    # -- container protocol -------------------------------------------------
    def __len__(self):
        return self._size

    # No __bool__: CPython's deque has none, so truth goes through
    # __len__, which a subclass may override.

    def __iter__(self):
        state = self._state
        i = 0
        while True:
            if state != self._state:
                raise RuntimeError("deque mutated during iteration")
            if i >= self._size:
                return
            yield self._at(i)
            i += 1

    def __reversed__(self):
        state = self._state
        i = self._size - 1
        while True:
            if state != self._state:
                raise RuntimeError("deque mutated during iteration")
            if i < 0:
                return
            yield self._at(i)
            i -= 1

    def __contains__(self, value):
        state = self._state
        for i in range(self._size):
            if self._at(i) == value:
                return True
            if state != self._state:
                raise RuntimeError("deque mutated during iteration")
        return False

    def __getitem__(self, index):
        if isinstance(index, slice):
            raise TypeError("sequence index must be integer, not 'slice'")
        return self._at(self._normalize(index))

    def __setitem__(self, index, value):
        if isinstance(index, slice):
            raise TypeError("sequence index must be integer, not 'slice'")
        i = self._normalize(index)
        buf = self._buf
        buf[(self._head + i) % len(buf)] = value

    def __delitem__(self, index):
        if isinstance(index, slice):
            raise TypeError("sequence index must be integer, not 'slice'")
        i = self._normalize(index)
        items = self._items()
        del items[i]
        self._state += 1
        self._reset(items)

    def __repr__(self):
        if self._maxlen is None:
            return "deque(%r)" % (self._items(),)
        return "deque(%r, maxlen=%d)" % (self._items(), self._maxlen)

    # -- comparisons and arithmetic -----------------------------------------
    def __eq__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._items() == other._items()

    def __ne__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._items() != other._items()

    def __lt__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._items() < other._items()

    def __le__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._items() <= other._items()

    def __gt__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._items() > other._items()

    def __ge__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._items() >= other._items()

    def __add__(self, other):
        if not isinstance(other, deque):
            raise TypeError('can only concatenate deque (not "%s") to deque'
                            % type(other).__name__)
        result = self.copy()
        result.extend(other)
        return result

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __mul__(self, n):
        result = deque((), self._maxlen)
        items = self._items()
        for _ in range(_index(n)):
            result.extend(items)
        return result

    def __rmul__(self, n):
        return self.__mul__(n)

    def __imul__(self, n):
        items = self._items()
        self.clear()
        for _ in range(_index(n)):
            self.extend(items)
        return self
