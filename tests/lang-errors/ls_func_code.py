def f():
    pass

code = f.__code__
