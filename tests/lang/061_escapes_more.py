s = "a\tb\nc\\d\'e\"f"
print(s)
print(repr(s), len(s))
print(len("\x00\x01\x1f"), repr("\x00\x01\x1f"))
print(repr("\u4e2d\u6587"), "\u00e9" == "é", len("\u00e9"))
print('\\n is not a newline', r'\n still not')
print("col1\tcol2\tcol3")
print("bell\a".replace("\a", "<BEL>"))
print(repr("\r\n"), repr("\x0b\x0c"))
print("a\\q".replace("\\", "/"))
print('''it's "quoted"''', """it's 'also' "quoted\"""")
print("trailing backslash \\")
print(r"raw with quote \" inside")
print('\x41\u0042\103')
print(repr('\'"'), repr("'"), repr('"'))
x = '''
multi
'''
print(repr(x))
y = """\
no leading newline"""
print(y)
print("a" "\n" 'b')
print("%s" % "\\", "{}".format("\t").replace("\t", "TAB"))
print("uni: \u00fc\u00df \u03c0", ord("\u03c0"), "\u03c0" + "x".upper())
