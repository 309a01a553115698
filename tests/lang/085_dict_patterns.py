inventory = {"apples": 3, "pears": 0, "plums": 7}
inverted = {v: k for k, v in inventory.items()}
print(inverted)
in_stock = {k: v for k, v in inventory.items() if v}
print(in_stock)
nested = {"a": {"x": 1, "y": 2}, "b": {"x": 3}}
print(nested["a"]["y"], nested.get("b", {}).get("y", "none"), [k for k in nested if "y" in nested[k]])
nested["b"]["z"] = [1, 2]
nested["b"]["z"].append(3)
print(nested)
groups = {}
for word in ["tea", "eat", "tan", "ate", "nat", "bat"]:
    key = "".join(sorted(word))
    groups.setdefault(key, []).append(word)
print(groups, list(groups.values()))
d = {}
d["k1"] = 1
d["k2"] = 2
d["k1"] = 10
del d["k1"]
d["k1"] = 100
print(d, list(d))
for k in list(d):
    if d[k] > 50:
        del d[k]
print(d)
try:
    for k in d:
        d["new" + k] = 0
except RuntimeError as e:
    print("RuntimeError:", e)
stack = {"a": 1, "b": 2, "c": 3}
print(stack.popitem(), stack.popitem(), stack)
merged = {**{"x": 1}, "y": 2, **{"x": 3}}
print(merged)
keys = ["one", "two", "three"]
print(dict(zip(keys, range(1, 4))), dict(enumerate(keys)))
counts = dict.fromkeys("abc", 0)
for ch in "abacab":
    counts[ch] += 1
print(counts, max(counts, key=counts.get), sorted(counts, key=counts.get))
tuple_keys = {(0, 0): "origin", (1, 0): "east"}
print(tuple_keys[(0, 0)], tuple_keys.get((1, 0)), (5, 5) in tuple_keys)
print(list(reversed(list(inventory))), len(inventory.keys()), sum(inventory.values()))
e = {}
print(e.get(1), e.setdefault(1, "set"), e, e.pop(1), e)
print({1: 'a', 1.0: 'b', True: 'c'})
print(sorted(inventory.items(), key=lambda kv: kv[1]))
