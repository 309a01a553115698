def f(**kw):
    return kw

x = f(a=1, b=(**kw 8))
