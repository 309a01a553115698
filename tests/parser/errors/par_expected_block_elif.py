if x:
    pass
elif y:
print(x)
