# An uncaught exception in main: asyncio.run cancels the others, exit status 1.
import asyncio

class PaymentError(Exception):
    pass

async def background(name):
    try:
        while True:
            print(name, "working at", asyncio.get_running_loop().time())
            await asyncio.sleep(0.4)
    except asyncio.CancelledError:
        print(name, "cancelled by asyncio.run cleanup")
        raise
    finally:
        print(name, "finally")

async def charge(amount):
    await asyncio.sleep(1)
    if amount > 100:
        raise PaymentError(f"amount {amount} too large")
    return "charged"

async def main():
    b1 = asyncio.create_task(background("bg1"))
    b2 = asyncio.create_task(background("bg2"))
    print(await charge(50))
    print(await charge(500))
    print("never printed")

asyncio.run(main())
print("never printed either")
