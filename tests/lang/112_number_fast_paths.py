# Arithmetic and comparisons of ints and floats: the interpreter's inline
# paths must give what the general ones (and CPython) give, at the edges.
big = 2 ** 53
huge = 9223372036854775807
values = [0, 1, -1, 7, -7, 13, -13, 10, big, -big, big + 1, huge, -huge - 1]
divisors = [1, -1, 3, -3, 10, -10, 7]

for a in values:
    row = []
    for b in divisors:
        if a == -huge - 1 and b == -1:
            row.append("skip")
            continue
        row.append((a // b, a % b, a / b))
    print(a, row)

for a, b in [(3, 4), (-3, 4), (3, -4), (0, 5), (huge, 1), (-huge, -1), (2 ** 31, 2 ** 30)]:
    print(a * b, a - b, a + b if a < huge else "big")

# true division of ints beyond 2**53 rounds once, as CPython's
for a, b in [(big + 1, 3), (huge, 3), (huge, 7), (-huge, 10), (huge - 1, huge), (big * 3 + 1, big + 1),
             (huge, -2), (123456789012345678, 1000), (big + 3, 2), (1, huge), (-big - 5, big + 1)]:
    print(a / b, -a / b)

floats = [0.0, -0.0, 0.1, -2.5, 1e308, float("inf"), float("-inf"), float("nan"), 3.0]
for x in floats:
    print([(x + y, x - y, x * y, x / y if y != 0 else "zero") for y in floats])

for x in [0.5, 2.0, float("nan"), float("inf"), 9007199254740992.0, 9007199254740993.0]:
    for i in [0, 2, -3, big, big + 1, -big, huge]:
        print(x, i, x < i, x <= i, x > i, x >= i, x == i, x != i, i < x, i == x)

total = 0
for k in range(100):
    total += k * 13 % 10
    total -= k // 3
    delay = ((k * 7 + 13) % 10) / 10
    total += 1 if delay <= 0 else 2
print(total)

acc = 1.5
acc += 2
acc *= 3
acc -= 0.25
acc /= 2
print(acc)

for exc_case in [lambda: 1 // 0, lambda: 1 % 0, lambda: 1 / 0, lambda: 1.0 / 0.0, lambda: 1.0 / 0]:
    try:
        exc_case()
    except ZeroDivisionError as e:
        print("ZeroDivisionError", e)
print(True + True, True * 3, 7 // True, 2.5 * True, False < 0.5)
