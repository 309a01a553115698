text = "abc"
n = int(text)
