# What __await__ may return: an iterator (a list's, a generator), not a
# coroutine, not an int, and not the future itself: a Future subclass that
# returns self is refused as CPython refuses it, while one that returns
# Future.__await__'s iterator works.
import asyncio


class ListAwait:
    def __await__(self):
        return iter([])


class CoroAwait:
    def __await__(self):
        async def inner():
            return 1
        coro = inner()
        coro.close()
        return coro


class IntAwait:
    def __await__(self):
        return 5


class GenAwait:
    def __await__(self):
        yield
        return "from a generator"


class SelfFuture(asyncio.Future):
    def __await__(self):
        return self


class SuperFuture(asyncio.Future):
    def __await__(self):
        return super().__await__()


async def main():
    print(await ListAwait())
    for cls in (CoroAwait, IntAwait):
        try:
            print(await cls())
        except TypeError as e:
            print("TypeError", e)
    print(await GenAwait())
    refused = SelfFuture()
    refused.set_result(1)
    try:
        print(await refused)
    except TypeError as e:
        print("TypeError", e)
    later = SuperFuture()
    asyncio.get_running_loop().call_later(0.5, later.set_result, "after a while")
    print(await later)


asyncio.run(main())
