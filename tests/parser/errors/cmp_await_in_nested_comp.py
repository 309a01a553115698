async def f():
    return [[await y for y in x] for x in z]
