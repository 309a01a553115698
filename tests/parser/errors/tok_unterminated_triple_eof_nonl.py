y = '''abc
z = 2