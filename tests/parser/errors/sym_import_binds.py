def f():
    import os.path
    def g():
        nonlocal os
