rows = [("Widget", 4, 3.5), ("Gadget", 12, 12.25), ("Thingamajig", 1, 100.0)]
header = f"{'Item':<12}|{'Qty':>5}|{'Price':>9}|{'Total':>10}"
print(header)
print("-" * len(header))
grand = 0
for name, qty, price in rows:
    total = qty * price
    grand += total
    print(f"{name:<12}|{qty:>5}|{price:>9.2f}|{total:>10.2f}")
print("=" * len(header))
print(f"{'TOTAL':<12}|{'':>5}|{'':>9}|{grand:>10.2f}")
print("%-12s|%5d|%9.2f" % rows[1])
print("{:<12}|{:>5}|{:>9.2f}".format(*rows[2]))
for n in (0, 7, 42, 255, 1024, -5):
    print(f"{n:>6d} {n:>#8x} {n:>#12b} {n:08.3f} {n:+,}")
for v in (0.000123, 1.5, 123456.789, 1e-10, -2.5):
    print(f"{v:12.4f}|{v:12.3e}|{v:12g}|{v:<12}|")
print("%5.1f%%" % 99.44, "%-6.2s|" % "abc", "%+.2e" % 1234.5, "%o" % 64)
print("[%10s][%-10s]" % ("right", "left"))
print("%3d%3d%3d" % (1, 22, 333), "%.0f %.0f" % (0.5, 1.5))
for i in range(1, 4):
    print(" ".join(f"{i * j:3}" for j in range(1, 8)))
print(f"{'centered':=^20}")
print(f"{12.0:.0%} {0.125:.2%} {1/3:.3}")
