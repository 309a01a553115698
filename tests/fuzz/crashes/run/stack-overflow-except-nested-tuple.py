e = ValueError
for i in range(100000):
    e = (e,)
try:
    raise ValueError
except e:
    pass
