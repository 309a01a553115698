import time
print(type(time.time()).__name__)
time.nope()
