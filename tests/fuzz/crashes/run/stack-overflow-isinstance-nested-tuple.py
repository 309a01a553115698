c = int
for i in range(100000):
    c = (c,)
print(isinstance(1, c))
