async def coro(x):
    return x * 2

async def other():
    await coro(1)

print(type(coro).__name__)
print(coro.__name__)
c = coro(5)
print(type(c).__name__)
c.close()
print("closed")
def plain():
    return 1
print(type(plain).__name__, plain())
