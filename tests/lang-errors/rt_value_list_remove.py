lst = [1, 2, 3]
lst.remove(2)
lst.remove(7)
