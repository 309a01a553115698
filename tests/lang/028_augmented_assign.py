x = 10
x += 5; print(x)
x -= 3; print(x)
x *= 2; print(x)
x //= 5; print(x)
x %= 3; print(x)
x **= 3; print(x)
x <<= 4; print(x)
x >>= 1; print(x)
x |= 1; print(x)
x &= 6; print(x)
x ^= 15; print(x)
y = 7
y /= 2; print(y)
s = "ab"
s += "cd"; s *= 2; print(s)
lst = [1, 2]
alias = lst
lst += [3]
print(lst, alias, lst is alias)
lst *= 2
print(alias)
t = (1,)
t2 = t
t += (2,)
print(t, t2)
d = {'a': 1}
d['a'] += 10
d['b'] = d.get('b', 0) + 1
print(d)
m = [[0, 0], [0, 0]]
m[1][0] += 5
m[0][-1] -= 2
print(m)
class C:
    n = 0
c = C()
c.n += 1
c.n += 1
print(c.n, C.n)
C.n += 100
print(C.n, c.n)
calls = []
def idx():
    calls.append('idx')
    return 0
arr = [1]
arr[idx()] += 1
print(arr, calls)
