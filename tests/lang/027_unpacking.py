a, b = 1, 2
print(a, b)
a, b = b, a
print(a, b)
(c, d) = [3, 4]
[e, f] = (5, 6)
print(c, d, e, f)
x, (y, z) = 1, (2, 3)
print(x, y, z)
(p, q), r = "ab", "c"
print(p, q, r)
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = [1, 2, 3, 4]
print(init, last)
h, *mid, t = "hello"
print(h, mid, t)
h, *mid, t = [1, 2]
print(h, mid, t)
one, = [1]
print(one)
for i, (k, v) in enumerate({'x': 1, 'y': 2}.items()):
    print(i, k, v)
m, n = range(2)
print(m, n)
a = b = c = 7
print(a, b, c)
l1 = l2 = []
l1.append(1)
print(l2, l1 is l2)
a, b = c, d = 8, 9
print(a, b, c, d)
lst = [0, 0, 0]
i = 0
i, lst[i] = 1, 5
print(i, lst)
s1, s2, s3 = {'k1': 1, 'k2': 2, 'k3': 3}
print(s1, s2, s3)
[a, [b, *c]] = [1, [2, 3, 4]]
print(a, b, c)
class P:
    pass
o = P()
o.x, o.y = 10, 20
print(o.x, o.y)
d = {}
d['a'], d['b'] = 'AB'
print(d)
def pair():
    return 'L', 'R'
left, right = pair()
print(left, right)
