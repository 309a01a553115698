# indentation with spaces, blank lines and odd comments
def f(x):
    if x > 0:

        # comment at block indent
          # comment at odd indent
  # comment at shallower indent
        y = x * 2

        return y
    else:
            # deeply indented comment
        return -x

print(f(3))
print(f(-4))
for i in range(3):
    if i == 1:
        print("one")
    elif i == 2:
        print("two")
    else:
        print("other", i)
        # trailing comment in block
# comment at column 0 between statements
print("done")
class A:
    def m(self):
        return 1
        # comment after return

    def n(self):
        return 2
print(A().m(), A().n())
if True:
    if True:
        if True:
            print("deep")
print("back")
