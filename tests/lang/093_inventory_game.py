class Item:
    def __init__(self, name, weight, value):
        self.name, self.weight, self.value = name, weight, value
    def __repr__(self):
        return f"{self.name}({self.weight}kg, ${self.value})"
class TooHeavy(Exception):
    pass
class Inventory:
    def __init__(self, capacity):
        self.capacity = capacity
        self.items = []
    @property
    def weight(self):
        return sum(i.weight for i in self.items)
    def add(self, item):
        if self.weight + item.weight > self.capacity:
            raise TooHeavy(f"cannot carry {item.name}: {self.weight}+{item.weight} > {self.capacity}")
        self.items.append(item)
    def drop(self, name):
        for i, it in enumerate(self.items):
            if it.name == name:
                return self.items.pop(i)
        raise KeyError(name)
    def __iter__(self):
        return iter(sorted(self.items, key=lambda i: -i.value))
    def __len__(self):
        return len(self.items)
inv = Inventory(10)
loot = [Item("sword", 4, 100), Item("shield", 5, 80), Item("potion", 1, 30), Item("anvil", 20, 5), Item("gem", 0, 500)]
for it in loot:
    try:
        inv.add(it)
        print("picked up", it)
    except TooHeavy as e:
        print("TooHeavy:", e)
print(len(inv), inv.weight, list(inv))
print(inv.drop("shield"), inv.weight)
try:
    inv.drop("dragon")
except KeyError as e:
    print("no such item:", e)
def knapsack(items, cap):
    best = [0] * (cap + 1)
    for it in items:
        for w in range(cap, it.weight - 1, -1):
            best[w] = max(best[w], best[w - it.weight] + it.value)
    return best[cap]
print(knapsack(loot, 10), knapsack(loot, 4), knapsack(loot, 0))
rooms = {"hall": {"n": "kitchen", "e": "study"}, "kitchen": {"s": "hall"}, "study": {"w": "hall", "up": "attic"}, "attic": {}}
here = "hall"
for move in ["n", "s", "e", "up", "down"]:
    nxt = rooms[here].get(move)
    if nxt is None:
        print(f"can't go {move} from {here}")
        continue
    print(f"{here} --{move}--> {nxt}")
    here = nxt
print("ended in", here)
