def f():
    try:
        pass
    except E as e:
        pass
    def g():
        nonlocal e
