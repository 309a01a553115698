def f():
    class A:
        y = 1
        def g(self):
            nonlocal y
