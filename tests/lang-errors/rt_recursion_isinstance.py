classes = int
for i in range(100000):
    classes = (classes,)
print(isinstance(1, classes))
