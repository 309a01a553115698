def gen():
    yield 1

g = gen()
next(g)
print(g.gi_frame.f_back)
