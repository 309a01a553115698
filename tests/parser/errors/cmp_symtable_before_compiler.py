return 1
def f(a, a): pass
