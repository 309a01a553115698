# A sleep driven by hand outside any event loop: sleep(0) yields, a real delay needs the running loop.
import asyncio

c = asyncio.sleep(0, 'zero')
print(c.send(None))
try:
    c.send(None)
except StopIteration as e:
    print('StopIteration', e.value)
c = asyncio.sleep(-1)
print(c.send(None))
c.close()
c = asyncio.sleep(1)
print('sending')
c.send(None)
