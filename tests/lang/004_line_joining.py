total = (1 +
         2 +
    3)
print(total)
items = [
    1,
    2,   # comment inside brackets
  3,
]
print(items)
d = {
    'a': 1,
        'b': 2,
}
print(d)
s = {1,
     2}
print(sorted(s))
x = 1 + \
    2 + \
    3
print(x)
def f(a,
      b,
      c=3):
    return a + b + c
print(f(1,
        2))
if (x > 1 and
        x < 10):
    print("between")
t = (
)
print(t)
y = [i
     for i in range(4)
     if i % 2 == 0]
print(y)
z = 'abc' \
    'def'
print(z)
print(len("""first
second
third"""))
