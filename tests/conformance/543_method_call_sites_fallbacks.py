# Method calls right after the method's load (`q.get()`, `q.put(x)`,
# `q.task_done()`, `out.append(x)`) once warm, then meeting what they
# did not expect: the argument's local unbound (UnboundLocalError caught),
# a receiver of another class whose method is Python code, a method that
# raises, a class attribute that is not a method.
import asyncio


class Box:
    def append(self, x):
        print('  Box.append', x)

    def task_done(self):
        raise ValueError('Box.task_done')

    async def put(self, x):
        print('  Box.put', x)

    async def get(self):
        return 'from Box.get'


async def site(q, out, n, unbind):
    for i in range(n):
        x = i
        if i == unbind:
            del x
        try:
            await q.put(x)
            out.append(await q.get())
            q.task_done()
        except (UnboundLocalError, ValueError) as e:
            print('  caught', type(e).__name__, e)
    return out


async def main():
    print(await site(asyncio.Queue(), [], 6, 3))
    print(type(await site(Box(), Box(), 2, None)).__name__)
    print(await site(asyncio.Queue(), [], 3, 1))
    mixed = [asyncio.Queue(), Box(), asyncio.Queue()]
    for q in mixed:
        print(await site(q, [], 2, None))
    Box.task_done = 'not callable'
    try:
        await site(Box(), [], 1, None)
    except TypeError as e:
        print('TypeError', e)


asyncio.run(main())
