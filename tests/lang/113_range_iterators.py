# Iterators of ranges, forwards and reversed, with every kind of step,
# empty ones, the ends of the 64-bit ints, and partly consumed.
for r in [range(3), range(10, -5, -4), range(0), range(5, 5), range(-3, 7, 3),
          range(7, -3, -3), range(1, 2, 100), range(100, 0, -1)]:
    print(list(r), list(reversed(r)), len(r))
low, high = -9223372036854775807 - 1, 9223372036854775807
print(list(range(low, high, 4611686018427387904)))
print(list(reversed(range(low, high, 4611686018427387904))))
print(list(reversed(range(5, low, -9223372036854775807))))
print(list(range(high - 2, high)), list(reversed(range(low, low + 3))))
it = iter(range(5))
next(it)
print(list(it), list(it))
rit = reversed(range(1, 10, 2))
print(next(rit), next(rit), list(rit))
total = 0
for i in range(0, 1000, 7):
    for j in reversed(range(i, i + 3)):
        total += i * j
print(total)
