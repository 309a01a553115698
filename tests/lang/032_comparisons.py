x = 2
print(1 < x < 3, 1 < x > 3, 1 < 2 < 3 < 4, 3 > 2 > 1 > 0, 1 < 3 < 2)
print(1 == 1.0, 1 != 2, 2 <= 2, 2 >= 3)
a = [1, 2]
b = a
c = [1, 2]
print(a is b, a is c, a == c, a is not c, a is not b)
print(None is None, None == None, None is not None)
print(2 in a, 3 in a, 3 not in a, 'b' in 'abc', 'bc' in 'abc', 'x' not in 'abc')
print(1 in (1, 2), 'k' in {'k': 1}, 1 in {'k': 1}, 5 in range(10), 10 in range(10))
print([1, 2] < [1, 3], [1, 2] < [1, 2, 0], (1, 'a') < (1, 'b'), [] < [0])
print('apple' < 'banana', 'Z' < 'a', 'abc' < 'abd', 'ab' < 'abc', '' < 'a')
print((1, 2) == (1, 2), (1, 2) == [1, 2], [1, [2]] == [1, [2]])
print({'a': 1} == {'a': 1}, {'a': 1} != {'a': 2}, {1, 2} == {2, 1})
def noisy(v):
    print("eval", v)
    return v
print(noisy(1) < noisy(2) < noisy(0) < noisy(5))
print(True == 1, False == 0, True is True, 1 == 1.0 == True)
print(0 < 0.5 < 1, -1 < -0.5)
print(1 < 2 == 2, (1 < 2) == 2)
print('a' * 3 == 'aaa', 3 * [0] == [0, 0, 0])
print(max('b', 'a'), min([3, 1], [2, 5]))
try:
    print(1 < 'a')
except TypeError as e:
    print("TypeError:", e)
try:
    print([1] < (1,))
except TypeError as e:
    print("TypeError:", e)
print(1 == 'a', [] == (), None == 0)
