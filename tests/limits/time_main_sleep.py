import time

print("napping")
time.sleep(3600)
print("never")
