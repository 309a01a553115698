total = 1 + \
2 + \
        3
print(total)
if total > 5 and \
   total < 10:
    print("in range")
s = "first part " \
    "second part"
print(s)
def f(a, b):
    return a - b
print(f(10,
        3), f(
    b=1,
    a=5,
))
x = [
    [1, 2],
    [3,
     4],
]
print(x)
result = (
    "implicit"
    " joining"
    f" {total}"
)
print(result)
assert total == 6, \
    "message on next line"
d = dict(
    a=1,   # comment
    # full comment line inside parens
    b=2,
)
print(d)
value = \
    42
print(value)
print("a", "b",
      sep="-")
long_cond = (total == 6
             and value == 42
             or False)
print(long_cond)
with_lambda = list(map(lambda v:
                       v * 2, [1, 2]))
print(with_lambda)
t = 1, \
    2
print(t)
print([i for i in range(10)
       if i % 3 == 0])
print("""no \
break""", 'also\
 joined')
