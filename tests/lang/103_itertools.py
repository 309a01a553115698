from itertools import count, cycle, repeat, chain, islice, accumulate, product, permutations, combinations, combinations_with_replacement, starmap, takewhile, dropwhile, filterfalse, compress, pairwise, zip_longest, groupby, tee
import itertools
print(list(islice(count(), 5)), list(islice(count(10, 2.5), 3)))
print(list(islice(cycle('abc'), 7)), list(cycle([])))
print(list(repeat('x', 3)), list(islice(repeat(1), 2)), list(repeat(1, -1)))
print(list(chain([1, 2], 'ab', ())), list(chain.from_iterable(['xy', [3]])))
g = iter(range(10))
print(list(islice(g, 2, 6, 2)), next(g))
g = iter(range(10))
print(list(islice(g, 3)), next(g))
print(list(islice('abcdefg', 2, None)), list(islice('abc', 0)), list(islice(range(20), 1, 15, 4)))
for bad in [(-1,), (1, -2), (0, 5, 0), ('a',)]:
    try:
        islice([], *bad)
    except ValueError as e:
        print('VE', e)
print(list(accumulate([1, 2, 3, 4])), list(accumulate([1, 2, 3], lambda a, b: a * b)),
      list(accumulate([], initial=5)), list(accumulate([3, 1, 5], max)), list(accumulate([1, 2], initial=10)))
print(list(product('ab', range(2))), list(product([1, 2], repeat=2)), list(product()), list(product('a', [])))
print(list(permutations('abc')), list(permutations(range(3), 2)), list(permutations([], 0)), list(permutations('ab', 3)))
print(list(combinations('abcd', 2)), list(combinations(range(4), 3)), list(combinations('ab', 0)), list(combinations('ab', 5)))
print(list(combinations_with_replacement('abc', 2)))
print(list(starmap(pow, [(2, 3), (3, 2)])), list(takewhile(lambda x: x < 3, [1, 2, 5, 1])), list(dropwhile(lambda x: x < 3, [1, 2, 5, 1])))
print(list(filterfalse(lambda x: x % 2, range(6))), list(filterfalse(None, [0, 1, '', 'a'])), list(compress('abcdef', [1, 0, 1, 0, 1, 1])))
print(list(pairwise('abcd')), list(pairwise('a')), list(zip_longest('abc', 'x', fillvalue='-')), list(zip_longest()))
print([(k, list(g)) for k, g in groupby('aaabbcaa')])
print([(k, list(g)) for k, g in groupby([1, 3, 2, 4, 5], key=lambda x: x % 2)])
gs = [(k, g) for k, g in groupby('aabbc')]
print([(k, list(g)) for k, g in gs])
a, b = tee(iter([1, 2, 3]))
print(next(a), list(b), list(a))
print(len(list(permutations(range(5)))), len(list(combinations(range(10), 4))))
