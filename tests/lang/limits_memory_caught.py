# Past the memory limit, MemoryError is raised in the scenario, which may
# catch it; once the memory is free again the program goes on.
hoard = []
try:
    while True:
        hoard.append([0] * 100000)
except MemoryError:
    print("MemoryError after", "many" if len(hoard) > 10 else "few", "lists")
hoard = None
print(sum([1] * 1000000))
