x = "ab".center(10 ** 12)
