x = 1
# a comment with a bad byte: ÿþ here
print(x)
