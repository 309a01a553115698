def f():
    [y := 1 for a in b]
    def g():
        nonlocal y
