def sieve(n):
    is_p = [True] * (n + 1)
    is_p[0] = is_p[1] = False
    for i in range(2, int(n ** 0.5) + 1):
        if is_p[i]:
            for j in range(i * i, n + 1, i):
                is_p[j] = False
    return [i for i, p in enumerate(is_p) if p]
print(sieve(100))
print(len(sieve(10000)))
def factorize(n):
    out = []
    d = 2
    while d * d <= n:
        while n % d == 0:
            out.append(d)
            n //= d
        d += 1
    if n > 1:
        out.append(n)
    return out
for n in (12, 97, 360, 1001, 2**20, 600851475143):
    print(n, factorize(n))
def collatz(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps
print([collatz(i) for i in range(1, 16)], max(range(1, 1000), key=collatz))
def isqrt(n):
    x = n
    y = (x + 1) // 2
    while y < x:
        x = y
        y = (x + n // x) // 2
    return x
print(isqrt(10**18), isqrt(99), isqrt(2**62))
print(sum(i for i in range(1000) if i % 3 == 0 or i % 5 == 0))
total = 0
for i in range(1, 101):
    total += i * i
print(total, sum(range(1, 101)) ** 2 - total)
def digits_sum(n):
    return sum(int(c) for c in str(n))
print(digits_sum(2**62), digits_sum(123456789))
x = 1.0
for _ in range(20):
    x = (x + 2 / x) / 2
print(x, x * x)
