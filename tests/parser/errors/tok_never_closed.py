x = 1
print(foo(1, 2)
