label = "n="
n = 3
print(label + n)
