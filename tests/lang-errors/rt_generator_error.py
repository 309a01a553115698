def gen():
    yield 1
    raise TypeError("bad gen")

for v in gen():
    print(v)
