def f():
    x = 0
    def g():
        nonlocal x
        x += 1
    class A:
        def h(self):
            nonlocal x
    return g
