def f(*a, **k):
    return f(*a, *a, **k)
f(1)
