if x:
    pass
else:
print(x)
