# SPDX-License-Identifier: GPL-3.0-or-later
# itertools for scenarios, written as generators. Each function checks its
# arguments when called (as CPython's C types do) and then hands back a
# generator that pulls from its inputs exactly as often as CPython's
# implementation does, so side effects on shared iterators line up.
# Unlike CPython, the results are plain generators: their type is
# `generator` and their repr is not `count(0)` & co.

_MAXSIZE = 9223372036854775807


def _count(start, step):
    n = start
    while True:
        yield n
        n += step


def count(start=0, step=1):
    for value in (start, step):
        if isinstance(value, (str, list, tuple, dict, set)) or value is None:
            raise TypeError("a number is required")
    return _count(start, step)


def _cycle(iterable):
    saved = []
    for element in iterable:
        yield element
        saved.append(element)
    if not saved:
        return
    while True:
        for element in saved:
            yield element


def cycle(iterable):
    return _cycle(iter(iterable))


def _repeat_forever(obj):
    while True:
        yield obj


def _repeat_n(obj, times):
    for _ in range(times):
        yield obj


def repeat(object, times=None):
    if times is None:
        return _repeat_forever(object)
    return _repeat_n(object, times)


def _chain(iterables):
    for it in iterables:
        for element in it:
            yield element


def chain(*iterables):
    return _chain(iterables)


def _chain_from_iterable(iterables):
    for it in iterables:
        for element in it:
            yield element


def _from_iterable(iterable):
    return _chain_from_iterable(iter(iterable))


chain.from_iterable = _from_iterable


def _islice(it, start, stop, step):
    # Counts and skips as CPython's islice_next: nothing past `stop` is
    # ever pulled from the source.
    cnt = 0
    nxt = start
    while True:
        while cnt < nxt:
            try:
                next(it)
            except StopIteration:
                return
            cnt += 1
        if stop is not None and cnt >= stop:
            return
        try:
            item = next(it)
        except StopIteration:
            return
        cnt += 1
        nxt += step
        if stop is not None and nxt > stop:
            nxt = stop
        yield item


def islice(iterable, *args):
    if len(args) == 1:
        start, stop, step = None, args[0], None
    elif len(args) == 2:
        start, stop, step = args[0], args[1], None
    elif len(args) == 3:
        start, stop, step = args
    elif len(args) == 0:
        raise TypeError("islice expected at least 2 arguments, got 1")
    else:
        raise TypeError("islice expected at most 4 arguments, got %d"
                        % (len(args) + 1))
    if len(args) == 1:
        if stop is not None and (isinstance(stop, bool) or
                                 not isinstance(stop, int) or stop < 0):
            raise ValueError("Stop argument for islice() must be None or an "
                             "integer: 0 <= x <= sys.maxsize.")
    else:
        msg = ("Indices for islice() must be None or an integer: "
               "0 <= x <= sys.maxsize.")
        for value in (start, stop):
            if value is not None and (isinstance(value, bool) or
                                      not isinstance(value, int) or value < 0):
                raise ValueError(msg)
    if start is None:
        start = 0
    if step is None:
        step = 1
    elif isinstance(step, bool) or not isinstance(step, int) or step < 1:
        raise ValueError("Step for islice() must be a positive integer or "
                         "None.")
    return _islice(iter(iterable), start, stop, step)


def _add(a, b):
    return a + b


def _accumulate(it, func, initial):
    total = initial
    if initial is not None:
        yield total
    else:
        try:
            total = next(it)
        except StopIteration:
            return
        yield total
    for element in it:
        total = func(total, element)
        yield total


def accumulate(iterable, func=None, *, initial=None):
    return _accumulate(iter(iterable), _add if func is None else func,
                       initial)


def _product(pools):
    n = len(pools)
    for pool in pools:
        if not pool:
            return
    indices = [0] * n
    yield tuple(pool[0] for pool in pools)
    while True:
        i = n - 1
        while i >= 0:
            indices[i] += 1
            if indices[i] < len(pools[i]):
                break
            indices[i] = 0
            i -= 1
        if i < 0:
            return
        yield tuple(pools[k][indices[k]] for k in range(n))


def product(*iterables, repeat=1):
    if repeat < 0:
        raise ValueError("repeat argument cannot be negative")
    pools = [tuple(pool) for pool in iterables] * repeat
    return _product(pools)


def _permutations(pool, r):
    n = len(pool)
    if r > n:
        return
    indices = list(range(n))
    cycles = list(range(n, n - r, -1))
    yield tuple(pool[i] for i in indices[:r])
    while n:
        for i in reversed(range(r)):
            cycles[i] -= 1
            if cycles[i] == 0:
                indices[i:] = indices[i + 1:] + indices[i:i + 1]
                cycles[i] = n - i
            else:
                j = cycles[i]
                indices[i], indices[-j] = indices[-j], indices[i]
                yield tuple(pool[i] for i in indices[:r])
                break
        else:
            return


def permutations(iterable, r=None):
    pool = tuple(iterable)
    if r is None:
        r = len(pool)
    elif r < 0:
        raise ValueError("r must be non-negative")
    return _permutations(pool, r)


def _combinations(pool, r):
    n = len(pool)
    if r > n:
        return
    indices = list(range(r))
    yield tuple(pool[i] for i in indices)
    while True:
        for i in reversed(range(r)):
            if indices[i] != i + n - r:
                break
        else:
            return
        indices[i] += 1
        for j in range(i + 1, r):
            indices[j] = indices[j - 1] + 1
        yield tuple(pool[i] for i in indices)


def combinations(iterable, r):
    if r < 0:
        raise ValueError("r must be non-negative")
    return _combinations(tuple(iterable), r)


def _combinations_with_replacement(pool, r):
    n = len(pool)
    if not n and r:
        return
    indices = [0] * r
    yield tuple(pool[i] for i in indices)
    while True:
        for i in reversed(range(r)):
            if indices[i] != n - 1:
                break
        else:
            return
        indices[i:] = [indices[i] + 1] * (r - i)
        yield tuple(pool[i] for i in indices)


def combinations_with_replacement(iterable, r):
    if r < 0:
        raise ValueError("r must be non-negative")
    return _combinations_with_replacement(tuple(iterable), r)


def _starmap(function, it):
    for args in it:
        yield function(*args)


def starmap(function, iterable):
    return _starmap(function, iter(iterable))


def _takewhile(predicate, it):
    for x in it:
        if predicate(x):
            yield x
        else:
            return


def takewhile(predicate, iterable):
    return _takewhile(predicate, iter(iterable))


def _dropwhile(predicate, it):
    for x in it:
        if not predicate(x):
            yield x
            break
    for x in it:
        yield x


def dropwhile(predicate, iterable):
    return _dropwhile(predicate, iter(iterable))


def _filterfalse(predicate, it):
    if predicate is None:
        predicate = bool
    for x in it:
        if not predicate(x):
            yield x


def filterfalse(predicate, iterable):
    return _filterfalse(predicate, iter(iterable))


def _compress(data, selectors):
    for d, s in zip(data, selectors):
        if s:
            yield d


def compress(data, selectors):
    return _compress(iter(data), iter(selectors))


def _pairwise(it):
    try:
        a = next(it)
    except StopIteration:
        return
    for b in it:
        yield a, b
        a = b


def pairwise(iterable):
    return _pairwise(iter(iterable))


def _zip_longest(iterators, fillvalue):
    active = len(iterators)
    if not active:
        return
    while True:
        values = []
        for i in range(len(iterators)):
            it = iterators[i]
            if it is None:
                values.append(fillvalue)
                continue
            try:
                value = next(it)
            except StopIteration:
                active -= 1
                if not active:
                    return
                iterators[i] = None
                value = fillvalue
            values.append(value)
        yield tuple(values)


def zip_longest(*iterables, fillvalue=None):
    return _zip_longest([iter(it) for it in iterables], fillvalue)


class _GroupState:
    def __init__(self, iterable, key):
        self.it = iter(iterable)
        self.keyfunc = (lambda x: x) if key is None else key
        self.tgtkey = _MARKER
        self.currkey = _MARKER
        self.currvalue = _MARKER
        self.generation = 0

    def step(self):
        self.currvalue = next(self.it)
        self.currkey = self.keyfunc(self.currvalue)


_MARKER = object()


def _grouper(state, tgtkey, generation):
    while state.generation == generation:
        yield state.currvalue
        try:
            state.step()
        except StopIteration:
            return
        if state.currkey != tgtkey:
            return


def _groupby(state):
    while True:
        state.generation += 1
        try:
            while state.currkey is _MARKER or (state.tgtkey is not _MARKER
                                               and state.currkey == state.tgtkey):
                state.step()
        except StopIteration:
            return
        state.tgtkey = state.currkey
        yield (state.currkey, _grouper(state, state.tgtkey, state.generation))


def groupby(iterable, key=None):
    return _groupby(_GroupState(iterable, key))


class _TeeLink:
    def __init__(self):
        self.value = None
        self.next = None


def _tee_one(it, link):
    while True:
        if link.next is None:
            try:
                value = next(it)
            except StopIteration:
                return
            link.value = value
            link.next = _TeeLink()
        value = link.value
        link = link.next
        yield value


def tee(iterable, n=2):
    if n < 0:
        raise ValueError("n must be >= 0")
    it = iter(iterable)
    link = _TeeLink()
    return tuple(_tee_one(it, link) for _ in range(n))
