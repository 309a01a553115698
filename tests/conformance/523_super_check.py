# super(type, obj) checks obj against type (CPython's supercheck): a subclass method
# put on its base and called there raises TypeError, in plain code and in a coroutine
import asyncio

class A:
    def f(self):
        return 'A.f'

class B(A):
    def f(self):
        return 'B.f>' + super().f()

    @classmethod
    def c(cls):
        return super().__name__ if False else 'B.c'

print(B().f(), B.c())
A.f2 = B.f
try:
    A().f2()
except TypeError as e:
    print('TypeError:', e)
try:
    super(B, A())
except TypeError as e:
    print('TypeError:', e)
print(super(A, B()).__class__.__name__)
print(super(A, B).__class__.__name__)

class Q(asyncio.Queue):
    async def get(self):
        return 'Q:' + str(await super().get())

async def main():
    q = asyncio.Queue()
    q.put_nowait(1)
    asyncio.Queue.get2 = Q.get
    try:
        await q.get2()
    except TypeError as e:
        print('TypeError:', e)
    q2 = Q(); q2.put_nowait(5)
    print(await q2.get())

asyncio.run(main())
