os = __import__("os")
print(os.environ)
