class Tree:
    def __init__(self, key):
        self.key = key
        self.left = None
        self.right = None
    def insert(self, key):
        if key < self.key:
            if self.left is None:
                self.left = Tree(key)
            else:
                self.left.insert(key)
        else:
            if self.right is None:
                self.right = Tree(key)
            else:
                self.right.insert(key)
    def inorder(self):
        if self.left:
            yield from self.left.inorder()
        yield self.key
        if self.right:
            yield from self.right.inorder()
    def height(self):
        lh = self.left.height() if self.left else 0
        rh = self.right.height() if self.right else 0
        return 1 + max(lh, rh)
    def __contains__(self, key):
        node = self
        while node:
            if key == node.key:
                return True
            node = node.left if key < node.key else node.right
        return False
root = Tree(50)
for k in [30, 70, 20, 40, 60, 80, 35, 45, 65]:
    root.insert(k)
print(list(root.inorder()))
print(root.height(), 45 in root, 55 in root)
def bfs(t):
    queue = [t]
    levels = []
    while queue:
        levels.append([n.key for n in queue])
        queue = [c for n in queue for c in (n.left, n.right) if c]
    return levels
print(bfs(root))
graph = {'a': ['b', 'c'], 'b': ['d'], 'c': ['d', 'e'], 'd': ['f'], 'e': ['f'], 'f': []}
def dfs(node, seen=None):
    if seen is None:
        seen = []
    seen.append(node)
    for n in graph[node]:
        if n not in seen:
            dfs(n, seen)
    return seen
print(dfs('a'))
def shortest(start, goal):
    frontier = [[start]]
    visited = {start}
    while frontier:
        path = frontier.pop(0)
        if path[-1] == goal:
            return path
        for n in graph[path[-1]]:
            if n not in visited:
                visited.add(n)
                frontier.append(path + [n])
print(shortest('a', 'f'), shortest('f', 'a'))
def topo():
    order, done = [], set()
    def visit(n):
        if n in done:
            return
        done.add(n)
        for m in graph[n]:
            visit(m)
        order.append(n)
    for n in graph:
        visit(n)
    return order[::-1]
print(topo())
