# The interpreter's fast paths for calls, generators in a for loop and
# subscripts of lists and tuples, with the cases next to them that must
# still take the general way.


def gen(n):
    for i in range(n):
        yield i
    return 'ignored'


def inner():
    yield 'a'
    yield 'b'
    return 'inner done'


def outer():
    r = yield from inner()
    yield r
    for x in gen(2):
        yield x * 10


print([x for x in gen(4)])
for v in outer():
    print('outer gave', v)

# nested for loops over generators, the inner one made fresh each time
total = 0
for i in gen(5):
    for j in gen(i):
        total += i * j
print('total', total)

# break, then the same generator goes on with next() and another loop
g = gen(6)
for x in g:
    if x == 2:
        break
print('after break', next(g))
for x in g:
    print('rest', x)
for x in g:
    print('never')
print('exhausted loop ran nothing')


# an exception out of a generator in a for loop: context and handlers
def failing():
    try:
        raise KeyError('k')
    except KeyError:
        raise ValueError('v')
    yield 1


try:
    raise TypeError('t')
except TypeError:
    try:
        for x in failing():
            pass
    except ValueError as e:
        print('context', repr(e.__context__))


def raises_stop():
    yield 1
    raise StopIteration('x')


try:
    for x in raises_stop():
        print('got', x)
except RuntimeError as e:
    print('RuntimeError', e, repr(e.__cause__))


# a generator running while the loop that drives it asks for it again
def reentrant():
    yield next(me)


me = reentrant()
try:
    for x in me:
        pass
except ValueError as e:
    print('ValueError', e)

# a generator that catches what its own loop body does not see
def guarded():
    try:
        yield 1
        yield 2
    finally:
        print('finally in guarded')


for x in guarded():
    print('guarded', x)


# default arguments, positional calls, keywords
def f(a, b=2, c=3):
    return a + b * 10 + c * 100


print(f(1), f(1, 5), f(1, 5, 7), f(1, c=9), f(a=4))
try:
    f()
except TypeError as e:
    print(e)
try:
    f(1, 2, 3, 4)
except TypeError as e:
    print(e)


def recurse(n):
    return 0 if n == 0 else 1 + recurse(n - 1)


print('depth', recurse(500))


def deep_gen(n):
    if n > 0:
        for x in deep_gen(n - 1):
            yield x
    yield n


print('deep', sum(deep_gen(300)))

# subscripts
items = [10, 20, 30]
pair = (1, 2)
print(items[0], items[-1], items[2], pair[-2], pair[1], items[True])
items[-1] = 33
items[0] += 1
print(items)
for bad in (3, -4):
    try:
        items[bad]
    except IndexError as e:
        print('IndexError', e)
    try:
        items[bad] = 0
    except IndexError as e:
        print('IndexError', e)
    try:
        pair[bad]
    except IndexError as e:
        print('IndexError', e)
try:
    pair[0] = 1
except TypeError as e:
    print('TypeError', e)
d = {0: 'zero'}
print(d[0], 'abc'[1], 'abc'[-1])

# integer arithmetic at the edges of the fast path
big = 9223372036854775807
print(big - 1, -big - 1 + 0, 5 - 7, -3 - -3)


# a method found on the class, then shadowed and unshadowed on the same
# instance (whose dict the cache remembers without the name)
class Counter:
    def __init__(self):
        self.n = 0

    def step(self):
        self.n += 1
        return 'class'

    def other(self):
        return 'other'


c = Counter()
seen = []
for i in range(6):
    seen.append(c.step())
    seen.append(c.other())
    if i == 1:
        c.step = lambda: 'instance'
    if i == 3:
        del c.step
    if i == 4:
        c.other = lambda: 'shadowed'
print(seen, c.n)
