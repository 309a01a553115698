def half(n, d):
    return n // d
print(half(7, 0))
