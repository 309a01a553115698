x = 1
print(eval("1+1"))
