l = list(range(10))
t = tuple(range(10))
s = "abcdefghij"
for seq in (l, t, s):
    print(seq[2:5], seq[:3], seq[7:], seq[-3:], seq[:-7], seq[::2], seq[1::3])
    print(seq[::-1], seq[::-2], seq[8:2:-2], seq[-1:-4:-1], seq[2:8:-1], seq[100:], seq[-100:2])
    print(seq[5:5], seq[:], seq[-2], seq[0])
print(s[3:1], s[len(s):], s[::-3])
print("hello"[::-1], "hello"[1:-1])
print(l[slice(1, 4)], l[slice(None, None, -3)])
a = [0, 1, 2, 3, 4, 5]
a[1:3] = ['x', 'y', 'z']
print(a)
a[:2] = []
print(a)
a[len(a):] = [98, 99]
print(a)
a[::2] = [0, 0, 0, 0]
print(a)
a[1:1] = ['ins']
print(a)
b = list(range(6))
b[::-1] = b
print(b)
c = [1, 2, 3]
c[:] = "ab"
print(c)
try:
    d = [1, 2, 3, 4]
    d[::2] = [1]
except ValueError as e:
    print("ValueError:", e)
copy = l[:]
copy.append(99)
print(len(l), len(copy))
print([1, 2, 3][-1], (1, 2, 3)[-3], "xyz"[-2])
print(range(10)[2:8:2], range(10)[::-1][0])
