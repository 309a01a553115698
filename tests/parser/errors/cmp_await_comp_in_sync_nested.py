async def f():
    def g():
        return [await y for y in x]
