g = globals()
g["x"] = 1
