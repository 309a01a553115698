text = "ab".center(10 ** 12)
