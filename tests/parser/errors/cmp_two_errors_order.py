def f():
    await x
return 1
