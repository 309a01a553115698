# past --max-memory: MemoryError in the scenario
hoard = []
while True:
    hoard.append("x" * 100000)
