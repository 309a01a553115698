x = 1
doc = """this starts
a triple-quoted string
that never ends
