# Layout: continuations, brackets, semicolons, comments, tabs and form feeds.
x = 1 + \
    2
y = (1 +
  2
    + 3)
z = [
    1,
  2,
        3,
]
if x:
        # comment deeper
    a = 1
  # comment shallower
    b = 2
	# tab-indented comment inside a space block
    c = 3

    d = 4
     
    e = 5
def f(
    a,
    b,
):
    return (
        a
        + b
    )
s = 'a' \
    'b'
t = {
    'k': 'v',  # trailing comment
}
if x: y = 1; z = 2  # comment
class K:

    def m(self):

        pass



    x = 1
w = x  \
  +  \
  y
