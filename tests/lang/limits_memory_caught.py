# Past the memory limit, MemoryError is raised in the scenario, which may
# catch it.  The golden is CPython's under a memory cap:
# (ulimit -v 2000000; python3 limits_memory_caught.py)  What it lets go of is collected at the next safe point (a
# loop's turn or a call), and the program goes on.
def fill():
    hoard = []
    try:
        while True:
            hoard.append([0] * 100000)
    except MemoryError:
        return len(hoard)


n = fill()
print("MemoryError after", "many" if n > 10 else "few", "lists")
for attempt in range(2):
    pass
print(sum([1] * 1000000))
