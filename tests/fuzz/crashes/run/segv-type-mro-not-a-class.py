# type.mro called through the class with something that is not a class
for x in [1, None, "s", [], object()]:
    try:
        type.mro(x)
    except TypeError as e:
        print(e)
print(type.mro(bool))
