# A string with a Latin-1 byte, no coding declaration: CPython names
# the line of the first byte that is not UTF-8.
print("café")
