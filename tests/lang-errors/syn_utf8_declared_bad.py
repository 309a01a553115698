# -*- coding: utf-8 -*-
# Declared UTF-8, but the string holds a Latin-1 byte: CPython decodes
# each token, and names the byte's position in the string.
name = "café"
print(name)
