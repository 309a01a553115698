class A:
    x = [(y := 1) for a in b]
