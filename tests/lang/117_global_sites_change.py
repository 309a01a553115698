# One global-name site meeting a builtin, then a global that shadows it,
# then the builtin again after `del`; a global rebound, deleted, missing,
# bound again.

def size(x):
    return len(x)


def read():
    return counter


out = []
for i in range(3):
    out.append(size("abc"))
len = lambda x: "shadow " + str(x)
out.append(size("abc"))
del len
out.append(size("abcd"))
counter = 1
for i in range(3):
    out.append(read())
    counter += 10
del counter
try:
    read()
except NameError as e:
    out.append(str(e))
counter = "global again"
out.append(read())
print(out)
