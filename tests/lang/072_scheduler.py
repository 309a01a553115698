# a toy round-robin scheduler built from plain generators
class Task:
    next_id = 1
    def __init__(self, gen):
        self.gen = gen
        self.id = Task.next_id
        Task.next_id += 1
        self.result = None
def worker(name, n):
    total = 0
    for i in range(n):
        print(f"{name} step {i}")
        total += i
        yield
    return f"{name} total {total}"
def sleeper(name, ticks):
    for t in range(ticks):
        yield ("sleep", 2)
    return name + " woke"
def run(gens):
    ready = [Task(g) for g in gens]
    clock = 0
    sleeping = []
    finished = []
    while ready or sleeping:
        if not ready:
            sleeping.sort(key=lambda p: (p[0], p[1].id))
            when, task = sleeping.pop(0)
            clock = when
            ready.append(task)
            continue
        task = ready.pop(0)
        try:
            req = task.gen.send(None)
        except StopIteration as e:
            task.result = e.value
            finished.append((clock, task.id, task.result))
            continue
        if req is not None and req[0] == "sleep":
            sleeping.append((clock + req[1], task))
        else:
            ready.append(task)
    return finished
for line in run([worker("A", 3), sleeper("S", 2), worker("B", 2)]):
    print(line)
