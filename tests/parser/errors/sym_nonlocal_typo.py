def f():
    level = 0
    def g():
        nonlocal leve
        leve = 1
    return g
