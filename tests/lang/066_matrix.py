def matmul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))] for i in range(len(a))]
def transpose(m):
    return [list(row) for row in zip(*m)]
def identity(n):
    return [[1 if i == j else 0 for j in range(n)] for i in range(n)]
a = [[1, 2], [3, 4]]
b = [[5, 6], [7, 8]]
print(matmul(a, b))
print(transpose([[1, 2, 3], [4, 5, 6]]))
print(matmul(a, identity(2)) == a)
def show(m):
    for row in m:
        print(" ".join(f"{v:4}" for v in row))
show(matmul([[1, 2, 3], [4, 5, 6]], [[7, 8], [9, 10], [11, 12]]))
p = a
for _ in range(5):
    p = matmul(p, a)
show(p)
grid = [["." for _ in range(5)] for _ in range(3)]
grid[1][2] = "#"
grid[0][4] = "@"
for row in grid:
    print("".join(row))
def det(m):
    if len(m) == 1:
        return m[0][0]
    return sum((-1) ** c * m[0][c] * det([row[:c] + row[c + 1:] for row in m[1:]]) for c in range(len(m)))
print(det([[2, 0, 1], [1, 3, 2], [1, 1, 1]]), det(a))
table = [[i * j for j in range(1, 10)] for i in range(1, 10)]
for row in table[:3]:
    print(row)
print(sum(map(sum, table)), max(max(r) for r in table))
diag = [table[i][i] for i in range(9)]
print(diag)
