name = "world"
n = 42
pi = 3.14159
print(f"hello {name}")
print(f'{n} + 1 = {n + 1}')
print(f"{n * 2}, {name.upper()}, {len(name)}")
print(f"{'nested'}")
print(f'{"double inside single"}')
print(f"{name!r}")
print(f"{name!s}")
print(f"{'中'!a}")
print(f"{{literal braces}}")
print(f"{{{n}}}")
print(f"{pi:.2f}")
print(f"{n:5d}|")
print(f"{n:<5}|")
print(f"{n:>5}|")
print(f"{n:^7}|")
print(f"{n:*^7}|")
print(f"{n:05d}")
print(f"{n:x} {n:X} {n:o} {n:b}")
print(f"{n:#x} {n:#o} {n:#b}")
print(f"{1234567:,}")
print(f"{0.5:%}")
print(f"{0.25:.1%}")
print(f"{12345.678:e}")
print(f"{-3:+d} {3:+d}")
print(f"{'abc':>6}|{'abc':<6}|{'abc':^6}|")
width = 10
prec = 3
print(f"{pi:{width}.{prec}f}|")
print(f"{name:>{width}}|")
x = 7
print(f"{x=}")
print(f"{x + 1=}")
print(f"{name=}")
print(f"{pi=:.1f}")
items = [1, 2, 3]
print(f"{items[0]} {items[-1]} {items}")
d = {'k': 'v'}
print(f"{d['k']}")
print(f"{'yes' if n > 10 else 'no'}")
print(f"{[i * i for i in range(4)]}")
print(f"a" f"b" "c" f"{n}")
print(f"""triple {n}
second line""")
print(f"{None} {True} {3.0}")
print(F"{n}")
print(rf"raw\n{n}")
