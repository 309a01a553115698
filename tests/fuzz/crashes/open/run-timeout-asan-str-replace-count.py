text = 'aXXXXXXXXXXXXXXXXXXXXXXXX' * 10 ** 6
bigger = text.replace('a', 'a' * 10 ** 4)
