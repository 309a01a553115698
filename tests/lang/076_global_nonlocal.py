counter = 0
def incr():
    global counter
    counter += 1
    return counter
incr(); incr()
print(counter)
def read_global():
    return counter * 10
print(read_global())
def outer():
    level = 0
    def middle():
        nonlocal level
        level += 1
        def inner():
            nonlocal level
            level += 10
            return level
        return inner()
    r1 = middle()
    r2 = middle()
    return level, r1, r2
print(outer())
def make_bank():
    balance = 0
    def deposit(n):
        nonlocal balance
        balance += n
        return balance
    def get():
        return balance
    return deposit, get
dep, get = make_bank()
dep(10); dep(5)
print(get())
def gl_and_local():
    global g_new
    g_new = [1]
    local = g_new
    local.append(2)
gl_and_local()
print(g_new)
def shadowing():
    counter = "local"
    def peek():
        return counter
    return peek()
print(shadowing(), counter)
def nonlocal_loop():
    fs = []
    for i in range(3):
        def f(i=i):
            return i * i
        fs.append(f)
    return [f() for f in fs]
print(nonlocal_loop())
def cell_after_def():
    def show():
        return value
    value = "assigned later"
    return show()
print(cell_after_def())
x = "module"
def f1():
    x = "f1"
    def f2():
        global x
        return x
    return f2()
print(f1())
def uses_builtin_name():
    len = lambda s: -1
    return len("abc")
print(uses_builtin_name(), len("abc"))
