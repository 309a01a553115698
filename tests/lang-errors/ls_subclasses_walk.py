# the classic escape: find a class that can reach os
for cls in ().__class__.__base__.__subclasses__():
    print(cls)
