def f():
    pass

name = "__glo" + "bals__"
g = getattr(f, name)
