# A stopped run cannot be caught, and no `finally` runs: the run is over.
try:
    while True:
        pass
except BaseException:
    print("caught")
finally:
    print("finally")
print("after")
