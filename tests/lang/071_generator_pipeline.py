def numbers(limit):
    n = 0
    while n < limit:
        yield n
        n += 1
def evens(src):
    for x in src:
        if x % 2 == 0:
            yield x
def squares(src):
    return (x * x for x in src)
def take(n, src):
    for i, x in enumerate(src):
        if i >= n:
            return
        yield x
print(list(take(5, squares(evens(numbers(100))))))
def chunks(seq, size):
    for i in range(0, len(seq), size):
        yield seq[i:i + size]
print(list(chunks(list(range(10)), 3)), list(chunks("abcdefg", 2)))
def pairwise(it):
    it = iter(it)
    prev = next(it, None)
    for cur in it:
        yield prev, cur
        prev = cur
print(list(pairwise([1, 2, 4, 7])))
def chain(*iters):
    for it in iters:
        yield from it
print(list(chain([1], (2, 3), "ab", range(2))))
def cycle(seq):
    while True:
        yield from seq
c = cycle("xy")
print([next(c) for _ in range(5)])
def running_total(it):
    total = 0
    for x in it:
        total += x
        yield total
print(list(running_total([1, 2, 3, 4])))
def tee_log(it, tag):
    for x in it:
        print(f"  {tag} yields {x}")
        yield x
g = tee_log(tee_log(range(3), "inner"), "outer")
for v in g:
    print("consumer got", v)
def interleave(*gens):
    gens = [iter(g) for g in gens]
    while gens:
        for g in list(gens):
            try:
                yield next(g)
            except StopIteration:
                gens.remove(g)
print(list(interleave("abc", [1, 2], (True,))))
gen = (i for i in range(3))
print(sum(gen), sum(gen))
lazy = map(lambda v: print("map", v) or v, [1, 2])
print("before consume")
print(list(lazy))
def groupby_sorted(items, key):
    out = {}
    for it in items:
        out.setdefault(key(it), []).append(it)
    return out
print(groupby_sorted(["ant", "bee", "ape", "cat", "bat"], lambda w: w[0]))
