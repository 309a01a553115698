try:
    int("x")
except ValueError:
    print("logging")
    raise
