r = range(10)
print(r, len(r), r[0], r[-1], r[3], list(r))
print(range(2, 8), list(range(2, 8)), range(0, 10, 3), list(range(0, 10, 3)))
print(range(10, 0, -2), list(range(10, 0, -2)), len(range(10, 0, -2)))
print(list(range(-5)), len(range(0)), list(range(5, 5)), list(range(0, -5, -1)))
print(range(10)[::2], range(10)[1:4], range(10)[::-1], list(range(10)[8:2:-3]))
print(5 in range(10), 10 in range(10), 4 in range(0, 10, 2), 3 in range(0, 10, 2))
print(range(0, 10, 3).index(6), range(5).count(3))
print(sum(range(101)), max(range(7)), min(range(3, 9)))
print(range(3) == range(3), range(0) == range(5, 5))
print(repr(range(1, 5, 2)), str(range(3)))
print(len(range(1, 1000000000)), range(0, 2**62)[-1])
print(list(reversed(range(4))), [i for i in range(3, -4, -3)])
try:
    range(5)[5]
except IndexError as e:
    print("IndexError:", e)
try:
    range(0, 10, 0)
except ValueError as e:
    print("ValueError:", e)
for i in range(3, 0, -1):
    print(i, end=" ")
print()
print(type(range(3)).__name__, bool(range(1)), list(range(1, 10, 4)))
