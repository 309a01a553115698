x = 1; y = 2; z = x + y; print(z)
if x: print("if one-liner")
if not x: print("no")
else: print("else one-liner")
for i in range(3): print("loop", i)
while y > 0: y -= 1
print(y)
def f(): return "def one-liner"
print(f())
class K: pass
print(K.__name__)
class M: v = 5; w = v * 2
print(M.v, M.w)
try: 1 / 0
except ZeroDivisionError: print("except one-liner")
class Ctx:
    def __enter__(self): return 7
    def __exit__(self, *a): return None
with Ctx() as v: print("with", v)
a = [1,2,3];b = a[::-1];print(b)
print("semicolon at end");
if True: pass; print("pass then print")
for c in "ab": continue
print(c)
