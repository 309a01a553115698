# raise ... from ..., implicit context, and from None, across awaits.
import asyncio

class ServiceError(Exception):
    pass

async def low():
    await asyncio.sleep(0.1)
    raise ConnectionResetError("peer reset")

async def mid():
    try:
        await low()
    except ConnectionResetError as e:
        raise ServiceError("service unavailable") from e

async def implicit():
    try:
        await low()
    except ConnectionResetError:
        raise ServiceError("while handling")

async def hidden():
    try:
        await low()
    except ConnectionResetError:
        raise ServiceError("hidden cause") from None

async def main():
    for fn in [mid, implicit, hidden]:
        try:
            await asyncio.create_task(fn())
        except ServiceError as e:
            print(fn.__name__, "->", repr(e))
            print("  __cause__:", repr(e.__cause__))
            print("  __context__:", repr(e.__context__))
            print("  __suppress_context__:", e.__suppress_context__)
    try:
        try:
            await asyncio.wait_for(asyncio.sleep(1), 0.1)
        except TimeoutError as t:
            raise ServiceError("timed out") from t
    except ServiceError as e:
        print("timeout chained:", repr(e.__cause__), "inner cause:", repr(e.__cause__.__cause__))

asyncio.run(main())
