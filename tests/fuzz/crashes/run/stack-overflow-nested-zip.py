it = iter([1])
for i in range(100000):
    it = zip(it)
print(next(it))
