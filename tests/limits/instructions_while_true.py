# An endless loop that never awaits: the instruction limit stops it at the
# line it loops on.
print("start")
n = 0
while True:
    n += 1
