def pair():
    return 1, 2
x, y, z = pair()
