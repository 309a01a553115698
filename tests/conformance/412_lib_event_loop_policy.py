# get_event_loop/set_event_loop/new_event_loop outside a running loop, asyncio.run misuse.
import asyncio
loop = asyncio.get_event_loop()
print(type(loop).__name__ in ('_UnixSelectorEventLoop', 'VirtualEventLoop'), loop.is_running())
async def f():
    print(asyncio.get_event_loop() is loop)
    await asyncio.sleep(1)
    return "ok"
print(loop.run_until_complete(f()))
print(asyncio.get_event_loop() is loop)
asyncio.set_event_loop(None)
try:
    asyncio.get_event_loop()
except RuntimeError as e:
    print(e)
l2 = asyncio.new_event_loop()
print(l2 is loop, l2.time()); asyncio.set_event_loop(l2)
print(l2.run_until_complete(asyncio.gather(f(), f())))
l2.close(); loop.close()
async def g():
    return asyncio.all_tasks()
print(len(asyncio.run(g())))
try:
    asyncio.run(f)
except ValueError as e:
    print(str(e).split(' at ')[0])
async def nested():
    c = f()
    try:
        asyncio.run(c)
    except RuntimeError as e:
        print(e)
    c.close()
asyncio.run(nested())
try:
    asyncio.create_task(f())
except RuntimeError as e:
    print(e)
try:
    asyncio.current_task()
except RuntimeError as e:
    print(e)
fut = asyncio.Future(loop=asyncio.new_event_loop())
print(fut, fut.done())
try:
    asyncio.Task(f(), loop=asyncio.new_event_loop()).__class__
    print("task created")
except Exception as e:
    print(e)
