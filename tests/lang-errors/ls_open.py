print("start")
f = open("x.txt")
