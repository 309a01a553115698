def f():
    return 1

items = (1, 2,
         3]
