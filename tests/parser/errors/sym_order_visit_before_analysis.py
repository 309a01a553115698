def f():
  def g():
    nonlocal q
def h():
  x = 1
  global x
