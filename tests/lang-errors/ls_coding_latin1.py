# -*- coding: latin-1 -*-
# CPython decodes Latin-1 as declared; Loopscope reads UTF-8 only and
# says so, naming the line of the first byte that is not ASCII.
x = 1
print("café", x)
