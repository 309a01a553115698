x = 1
if x:
    print("crlf line endings")
    y = (1 +
         2)
    print(y)
s = """a
b"""
print(repr(s))
print("end")
