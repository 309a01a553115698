def f():
    return "no final newline"
print(f())
if True:
    print("last line in a block")