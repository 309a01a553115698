async def f():
    g = lambda: (yield)
