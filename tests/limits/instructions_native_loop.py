# The loop is inside a built-in: sum() walks the range in C.
print(sum(range(10 ** 15)))
