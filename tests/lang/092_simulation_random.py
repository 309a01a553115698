import random
random.seed(2024)
class Customer:
    def __init__(self, cid, arrival, service):
        self.cid = cid
        self.arrival = arrival
        self.service = service
customers = []
t = 0
for cid in range(8):
    t += random.randint(1, 5)
    customers.append(Customer(cid, t, random.randint(2, 6)))
clock = 0
waits = []
for c in customers:
    start = max(clock, c.arrival)
    waits.append(start - c.arrival)
    clock = start + c.service
    print(f"customer {c.cid}: arrives {c.arrival:2d}, starts {start:2d}, leaves {clock:2d}")
print("average wait", sum(waits) / len(waits), "max", max(waits))
rolls = [random.randint(1, 6) + random.randint(1, 6) for _ in range(200)]
hist = {}
for r in rolls:
    hist[r] = hist.get(r, 0) + 1
for k in sorted(hist):
    print(f"{k:2d} {'#' * (hist[k] // 2)}")
walk = [0]
for _ in range(20):
    walk.append(walk[-1] + random.choice([-1, 1]))
print(walk)
population = list(range(1, 50))
print(sorted(random.sample(population, 6)))
cards = [r + s for s in "SH" for r in "A23"]
random.shuffle(cards)
print(cards)
print(round(random.uniform(10, 20), 3), random.randrange(0, 1000, 10))
