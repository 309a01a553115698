# natives calling natives: a partial of max keyed by a partial of max ...
import functools

key = abs
data = 1
for i in range(100000):
    key = functools.partial(max, key=key)
    data = [data]
print(key(data))
