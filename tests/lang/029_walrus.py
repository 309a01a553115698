data = [3, 1, 4, 1, 5, 9, 2, 6]
i = 0
while (n := data[i]) != 5:
    print("value", n)
    i += 1
print("stopped at", n, i)
vals = [y for x in data if (y := x * 2) > 6]
print(vals, y)
if (k := len(data)) > 5:
    print("long list", k)
items = iter(["a", "b", ""])
while (item := next(items)):
    print("item", item)
print([last := j for j in range(3)], last)
def f():
    total = 0
    results = [(total := total + v) for v in [1, 2, 3]]
    return results, total
print(f())
print((z := 10), z + 1)
