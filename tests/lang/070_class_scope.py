x = "global"
class C:
    x = "class"
    y = x + "-derived"
    def method(self):
        return x
    def method2(self):
        return self.x
    items = [1, 2]
    doubled = [i * 2 for i in items]
print(C.y, C().method(), C().method2(), C.doubled)
class Counter:
    instances = []
    def __init__(self, name):
        self.name = name
        Counter.instances.append(name)
        type(self).last = name
Counter("a"); Counter("b")
print(Counter.instances, Counter.last)
class Shared:
    data = []
    def add(self, v):
        self.data.append(v)
s1, s2 = Shared(), Shared()
s1.add(1); s2.add(2)
print(Shared.data, s1.data is s2.data)
class Own:
    def __init__(self):
        self.data = []
o1, o2 = Own(), Own()
o1.data.append(1)
print(o1.data, o2.data)
def factory(n):
    class Local:
        value = n
        def get(self):
            return self.value * 2
    return Local
L3 = factory(3)
print(L3().get(), factory(5)().get(), L3.__name__)
class Chain:
    def __init__(self):
        self.ops = []
    def add(self, v):
        self.ops.append(('add', v))
        return self
    def mul(self, v):
        self.ops.append(('mul', v))
        return self
    def run(self, start):
        for op, v in self.ops:
            start = start + v if op == 'add' else start * v
        return start
print(Chain().add(2).mul(10).add(1).run(0))
class WithClassVarUpdate:
    count = 0
    def bump(self):
        self.count += 1
        return self.count
w = WithClassVarUpdate()
print(w.bump(), w.bump(), WithClassVarUpdate.count)
