for x in [-1, 0, 1, 5, 10]:
    if x < 0:
        print(x, "negative")
    elif x == 0:
        print(x, "zero")
    elif x < 5:
        print(x, "small")
    else:
        print(x, "big")
i = 0
while i < 10:
    i += 1
    if i % 2:
        continue
    if i > 6:
        break
    print("even", i)
else:
    print("while-else not reached")
print("i =", i)
n = 0
while n < 3:
    n += 1
else:
    print("while-else reached", n)
for x in range(3):
    pass
else:
    print("for-else reached", x)
for x in range(10):
    if x == 4:
        print("found 4")
        break
else:
    print("not found")
for a in range(3):
    for b in range(3):
        if b > a:
            break
        if a == b:
            continue
        print(a, b)
for ch in "hey":
    print(ch, end=" ")
print()
for k, v in [("a", 1), ("b", 2)]:
    print(k, v)
for i, (x, y) in enumerate([(1, 2), (3, 4)]):
    print(i, x, y)
for _ in []:
    print("never")
else:
    print("empty loop else")
count = 0
while True:
    count += 1
    if count == 5:
        break
print(count)
if 0: print("no")
elif "": print("no")
elif []: print("no")
else: print("all falsy")
x = 5
while x: x -= 1
print(x)
