# SPDX-License-Identifier: GPL-3.0-or-later
# heapq for scenarios: a binary min-heap kept in a plain list, with the same
# sift algorithms as CPython 3.11's heapq (and its C accelerator), so the
# resulting list layouts and the order of equal items are identical.

__all__ = ['heappush', 'heappop', 'heapify', 'heapreplace', 'merge',
           'nlargest', 'nsmallest', 'heappushpop']


def heappush(heap, item):
    heap.append(item)
    _siftdown(heap, 0, len(heap) - 1)


def heappop(heap):
    if not heap:
        raise IndexError("index out of range")
    last = heap.pop()
    if heap:
        smallest = heap[0]
        heap[0] = last
        _siftup(heap, 0)
        return smallest
    return last


def heapreplace(heap, item):
    if not heap:
        raise IndexError("index out of range")
    smallest = heap[0]
    heap[0] = item
    _siftup(heap, 0)
    return smallest


def heappushpop(heap, item):
    if heap and heap[0] < item:
        item, heap[0] = heap[0], item
        _siftup(heap, 0)
    return item


def heapify(x):
    for i in reversed(range(len(x) // 2)):
        _siftup(x, i)


def _heappop_max(heap):
    last = heap.pop()
    if heap:
        largest = heap[0]
        heap[0] = last
        _siftup_max(heap, 0)
        return largest
    return last


def _heapreplace_max(heap, item):
    largest = heap[0]
    heap[0] = item
    _siftup_max(heap, 0)
    return largest


def _heapify_max(x):
    for i in reversed(range(len(x) // 2)):
        _siftup_max(x, i)


# Move the item at `pos` up towards `startpos` while it is smaller than its
# parent.
def _siftdown(heap, startpos, pos):
    item = heap[pos]
    while pos > startpos:
        parentpos = (pos - 1) >> 1
        parent = heap[parentpos]
        if item < parent:
            heap[pos] = parent
            pos = parentpos
            continue
        break
    heap[pos] = item


# Walk the hole at `pos` down to a leaf along the smaller children, then
# bubble the displaced item back up (Floyd's trick, as CPython does).
def _siftup(heap, pos):
    endpos = len(heap)
    startpos = pos
    item = heap[pos]
    child = 2 * pos + 1
    while child < endpos:
        right = child + 1
        if right < endpos and not heap[child] < heap[right]:
            child = right
        heap[pos] = heap[child]
        pos = child
        child = 2 * pos + 1
    heap[pos] = item
    _siftdown(heap, startpos, pos)


def _siftdown_max(heap, startpos, pos):
    item = heap[pos]
    while pos > startpos:
        parentpos = (pos - 1) >> 1
        parent = heap[parentpos]
        if parent < item:
            heap[pos] = parent
            pos = parentpos
            continue
        break
    heap[pos] = item


def _siftup_max(heap, pos):
    endpos = len(heap)
    startpos = pos
    item = heap[pos]
    child = 2 * pos + 1
    while child < endpos:
        right = child + 1
        if right < endpos and not heap[right] < heap[child]:
            child = right
        heap[pos] = heap[child]
        pos = child
        child = 2 * pos + 1
    heap[pos] = item
    _siftdown_max(heap, startpos, pos)


def merge(*iterables, key=None, reverse=False):
    h = []
    if reverse:
        _hify = _heapify_max
        _hpop = _heappop_max
        _hreplace = _heapreplace_max
        direction = -1
    else:
        _hify = heapify
        _hpop = heappop
        _hreplace = heapreplace
        direction = 1

    if key is None:
        order = 0
        for iterable in iterables:
            it = iter(iterable)
            try:
                h.append([next(it), order * direction, it])
            except StopIteration:
                pass
            order += 1
        _hify(h)
        while len(h) > 1:
            try:
                while True:
                    entry = h[0]
                    yield entry[0]
                    entry[0] = next(entry[2])
                    _hreplace(h, entry)
            except StopIteration:
                _hpop(h)
        if h:
            entry = h[0]
            yield entry[0]
            yield from entry[2]
        return

    order = 0
    for iterable in iterables:
        it = iter(iterable)
        try:
            value = next(it)
            h.append([key(value), order * direction, value, it])
        except StopIteration:
            pass
        order += 1
    _hify(h)
    while len(h) > 1:
        try:
            while True:
                entry = h[0]
                yield entry[2]
                value = next(entry[3])
                entry[0] = key(value)
                entry[2] = value
                _hreplace(h, entry)
        except StopIteration:
            _hpop(h)
    if h:
        entry = h[0]
        yield entry[2]
        yield from entry[3]


_MISSING = object()


def nsmallest(n, iterable, key=None):
    if n == 1:
        it = iter(iterable)
        result = min(it, default=_MISSING, key=key)
        return [] if result is _MISSING else [result]

    try:
        size = len(iterable)
    except (TypeError, AttributeError):
        pass
    else:
        if n >= size:
            return sorted(iterable, key=key)[:n]

    if key is None:
        it = iter(iterable)
        result = [(elem, i) for i, elem in zip(range(n), it)]
        if not result:
            return result
        _heapify_max(result)
        top = result[0][0]
        order = n
        for elem in it:
            if elem < top:
                _heapreplace_max(result, (elem, order))
                top = result[0][0]
                order += 1
        result.sort()
        return [pair[0] for pair in result]

    it = iter(iterable)
    result = [(key(elem), i, elem) for i, elem in zip(range(n), it)]
    if not result:
        return result
    _heapify_max(result)
    top = result[0][0]
    order = n
    for elem in it:
        k = key(elem)
        if k < top:
            _heapreplace_max(result, (k, order, elem))
            top = result[0][0]
            order += 1
    result.sort()
    return [triple[2] for triple in result]


def nlargest(n, iterable, key=None):
    if n == 1:
        it = iter(iterable)
        result = max(it, default=_MISSING, key=key)
        return [] if result is _MISSING else [result]

    try:
        size = len(iterable)
    except (TypeError, AttributeError):
        pass
    else:
        if n >= size:
            return sorted(iterable, key=key, reverse=True)[:n]

    if key is None:
        it = iter(iterable)
        result = [(elem, i) for i, elem in zip(range(0, -n, -1), it)]
        if not result:
            return result
        heapify(result)
        top = result[0][0]
        order = -n
        for elem in it:
            if top < elem:
                heapreplace(result, (elem, order))
                top = result[0][0]
                order -= 1
        result.sort(reverse=True)
        return [pair[0] for pair in result]

    it = iter(iterable)
    result = [(key(elem), i, elem) for i, elem in zip(range(0, -n, -1), it)]
    if not result:
        return result
    heapify(result)
    top = result[0][0]
    order = -n
    for elem in it:
        k = key(elem)
        if top < k:
            heapreplace(result, (k, order, elem))
            top = result[0][0]
            order -= 1
    result.sort(reverse=True)
    return [triple[2] for triple in result]


# The C accelerator, as CPython's heapq.py takes it: the same algorithms
# and comparisons, without a Python-level step per level of the heap.
try:
    from _heapq import heappush, heappop, heapify, heapreplace, heappushpop
    from _heapq import _heappop_max, _heapreplace_max, _heapify_max
except ImportError:
    pass
