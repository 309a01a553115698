import time
import os
print(os.getcwd())
