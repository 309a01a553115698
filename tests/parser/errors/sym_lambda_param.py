def f():
    g = lambda x: 0
    def h():
        nonlocal x
