a = [1, 2]
b = (3, 4)
print([*a, *b], [0, *a, 9], (*a, *b), (*a,))
print({*a, *b} == {1, 2, 3, 4})
d1 = {'x': 1, 'y': 2}
d2 = {'y': 20, 'z': 30}
print({**d1, **d2}, {**d2, **d1}, {'w': 0, **d1, 'x': 100})
print([], (), {}, [[]], ((),), (1,), (1, 2), [1, 'two', 3.0, None, True])
print({1: 'a', 'b': 2, (1, 2): [3]})
print({5, 3, 1} == {1, 3, 5}, len({1, 1, 1}), set(), sorted({3, 1, 2}))
print(type({}), type(set()), type(()), type([]))
print([*range(3), *"ab"], [*{'k': 1}])
def f(*args, **kwargs):
    return args, kwargs
print(f(*a, *b), f(**d1, **{'q': 0}))
print(f(1, *a, 2, k=3, **d2))
nested = [[1, 2], [3, [4, 5]]]
print(nested[1][1][0], nested[-1][-1][-1])
t = 1, 2, 3
print(t, type(t), len(t))
empty = ()
single = 'x',
print(empty, single)
m = {'key': [1, {'inner': (2, 3)}]}
print(m['key'][1]['inner'][1])
print(print)
print(len)
