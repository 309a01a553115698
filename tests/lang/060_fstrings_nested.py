data = {'name': 'Ada', 'langs': ['py', 'c']}
print(f"{data['name']} knows {len(data['langs'])} languages: {', '.join(data['langs'])}")
print(f'{data["name"]!r:>8}|')
print(f"{'a' + 'b'!r}")
print(f"{f'{1 + 1}'}")
print(f"{f'{3:>{2}}'}|")
w, p = 12, 4
val = 3.14159265
print(f"[{val:{w}.{p}f}]")
print(f"[{val:<{w}.{p}}]")
print(f"[{'txt':{'^'}{w}}]")
print(f"[{42:{'0'}{6}d}]")
fill = '#'
print(f"[{'mid':{fill}^{w - 2}}]")
print(f"{3 * 4 = }")
print(f"{val = :.2f}")
print(f"{data['langs'][0]=}")
print(f"{'x'=!s}")
items = [('apple', 1.5), ('kiwi', 12.25)]
for name, price in items:
    print(f"{name:<10}{price:>8.2f}")
print(f"{'{'}{'}'}")
print(f"{{{'x'}}}")
print(f"{{}}{{}}")
print(f"{len('}')}")
print(f"{(lambda x: x * 2)(21)}")
print(f"{'yes' if val > 3 else 'no':>5}")
print(f"{[x for x in range(3)]!r}")
print(f"{dict(a=1)}")
print(f"{val:.3e} {val:g} {1e20:,.0f} {-val:+.1f} {val: .2f}")
print(f"{255:#06x} {5:03b} {'left':-<8}")
print(f"{None!r} {None!s:>6}")
print(f"{'é'!a} {'ascii'!a}")
nested = f"""outer {f'inner {f"{5}"}'}"""
print(nested)
s = "q"
print(f"{s!r:^7}|{s:^7}|")
print(f"{1}" f"{2}" "{3}")
print(f"line1\n{s}\tline2")
print(f"\x41{s}\u4e2d")
print(rf"\d{s}", fr"\n{s}")
