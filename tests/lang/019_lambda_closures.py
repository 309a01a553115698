sq = lambda x: x * x
print(sq(5), (lambda: 7)(), (lambda a, b=2: a + b)(1))
print((lambda *a, **k: (a, sorted(k)))(1, 2, z=3))
print(sorted(["bb", "a", "ccc"], key=lambda s: -len(s)))
def make_counter():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    return inc
c1 = make_counter()
c2 = make_counter()
print(c1(), c1(), c1(), c2())
def adder(n):
    return lambda x: x + n
add3 = adder(3)
print(add3(10))
fs = [lambda: i for i in range(3)]
print([f() for f in fs])
fs2 = [lambda i=i: i for i in range(3)]
print([f() for f in fs2])
fs3 = []
for j in range(3):
    fs3.append(lambda: j * 10)
print([f() for f in fs3])
def outer():
    x = "outer"
    def middle():
        def inner():
            return x
        return inner()
    x = "changed"
    return middle()
print(outer())
total = 0
def add_global(n):
    global total
    total += n
add_global(5)
add_global(6)
print(total)
def shadow():
    total = 100
    return total
print(shadow(), total)
def make_acc():
    items = []
    def add(x):
        items.append(x)
        return len(items)
    return add
acc = make_acc()
acc(1); acc(2)
print(acc(3))
def nl():
    a = 1
    def f():
        nonlocal a
        a = a * 10
    f(); f()
    return a
print(nl())
def declare_global():
    global newname
    newname = "created"
declare_global()
print(newname)
