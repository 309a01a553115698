total = 0
for i in range(200000):
    total += i % 7
print(total)
s = []
for i in range(2000):
    s.append(str(i))
joined = "".join(s)
print(len(joined), joined[:20], joined[-10:])
d = {}
for i in range(5000):
    d[i % 97] = d.get(i % 97, 0) + i
print(len(d), d[0], d[96], sum(d.values()))
acc = 1
for i in range(1, 40):
    acc = (acc * 31 + i) % 1000000007
print(acc)
count = 0
n = 0
while n < 100000:
    n += 3
    if n % 5 == 0:
        count += 1
print(count, n)
primes = [p for p in range(2, 3000) if all(p % q for q in range(2, int(p ** 0.5) + 1))]
print(len(primes), primes[-3:])
lst = list(range(1000))
for _ in range(10):
    lst = lst[1:] + lst[:1]
print(lst[:3], sum(lst))
words = ["w%d" % (i % 13) for i in range(1000)]
freq = {}
for w in words:
    freq[w] = freq.get(w, 0) + 1
print(sorted(freq.items())[:3])
