l = [3, 1, 2]
l.append(4); print(l)
l.extend([5, 6]); print(l)
l.extend(range(2)); print(l)
l.insert(0, 'first'); print(l)
l.insert(-1, 'almost'); print(l)
l.insert(100, 'end'); print(l)
print(l.pop(), l.pop(0), l.pop(-2), l)
l.remove(1); print(l)
print(l.index(2), l.count(5), [1, 1, 2].count(1), [1, 2, 3, 2].index(2, 2))
nums = [5, 2, 9, 1, 5, 6]
nums.sort(); print(nums)
nums.sort(reverse=True); print(nums)
words = ["banana", "Apple", "cherry", "date"]
words.sort(); print(words)
words.sort(key=str.lower); print(words)
words.sort(key=len, reverse=True); print(words)
words.reverse(); print(words)
c = words.copy(); c.append("x")
print(len(words), len(c))
c.clear(); print(c)
print([1, 2] + [3], [0] * 3, [[0]] * 2, [1, 2] * 0)
print([1, 2] == [1, 2], [1, 2] < [1, 2, 3], [2] > [1, 9], [1, 2] != [2, 1])
print(len([]), list(), list("ab"), list((1, 2)), list(range(3)), list({'a': 1}))
print(sorted([3, 1, 2]), nums.sort() is None)
pairs = [(2, 'b'), (1, 'z'), (2, 'a'), (1, 'a')]
pairs.sort(); print(pairs)
pairs.sort(key=lambda p: p[1]); print(pairs)
try:
    [1, 2].remove(3)
except ValueError as e:
    print("ValueError:", e)
try:
    [].pop()
except IndexError as e:
    print("IndexError:", e)
try:
    [1].index(5)
except ValueError as e:
    print("ValueError:", e)
grid = [[0] * 3 for _ in range(2)]
grid[0][0] = 1; print(grid)
alias = [[0] * 2] * 2
alias[0][0] = 1; print(alias)
print(max([3, 7, 1]), min([3, 7, 1]), sum([1, 2, 3]), [1, [2, [3]]])
s = [1, 2, 3]; s[1] = 'two'; s[-1] = 'three'; print(s)
print(list(reversed([1, 2, 3])), [x for x in reversed("abc")])
