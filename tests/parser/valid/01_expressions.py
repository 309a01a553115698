# Operators, precedence, and spans of parenthesized operands.
x = 1 + 2 * 3 - 4 / 5 // 6 % 7 @ m
y = -2 ** -1, ~x, +x, not x, - - x
z = (a + b) * (c - d) / ((e))
w = a << 2 >> 3 & 4 ^ 5 | 6
c = a < b <= c > d >= e == f != g in h not in i is j is not k
b = a and b or c and not d or (e or f) and g
t = a if b else c if d else e
u = (a if b else c) if (d) else (e)
l = lambda: 0
l2 = lambda x, y=1, *a, z, w=2, **k: x + y
l3 = lambda *, k: k
l4 = lambda x, /, y: (x, y)
l5 = lambda *a: a
p = a.b.c(d)[e](f).g
q = f(a)(b)(c)[1][2]
r = (f)(x).y
s = x[1:2], x[::], x[:], x[1:], x[:2], x[::3], x[1:2:3], x[a, b], x[a:b, c], x[1,], x[()]
s2 = x[*a], x[*a, b], x[a:b, *c]
v = ..., None, True, False
aw = f(x, *y, z=1, **w)
aw2 = f(*a, *b, c, d=1, *e, **f, g=2)
g = f(x for x in y)
g2 = f((x for x in y), 1)
n = (yield_ := 3)
cmp = (a < b) < c
neg = -1, -1.5, -(1), -x.y
pw = a ** b ** c, (a ** b) ** c, -a ** -b
at = await_ + 1
e1 = (a,)
e2 = a,
e3 = ()
e4 = [a, *b, [c]]
e5 = {a: b, **c, d: e}
e6 = {a, *b, c}
e7 = {}
e8 = [*a]
e9 = (*a, b)
e10 = (*a, *b,)
