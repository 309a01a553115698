import functools
k = abs
data = 1
for i in range(100000):
    k = functools.partial(max, key=k)
    data = [data]
print(k(data))
