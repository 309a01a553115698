def f():
    class A:
        yield
