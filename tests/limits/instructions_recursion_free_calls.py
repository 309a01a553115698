# No loop at all: calls that double at every level.
def tree(n):
    if n == 0:
        return 1
    return tree(n - 1) + tree(n - 1)

print(tree(200))
