def find():
    pass

for item in find():
    print(item)
