# Generated program (random mix, seed 17): to_thread, run_in_executor, run_coroutine_threadsafe, TaskGroup, as_completed, wait.
import asyncio, threading, time

def blocking(tag, d):
    time.sleep(d)
    return f'{tag} after {d}'

async def main():
    loop = asyncio.get_running_loop()
    def log(*a):
        print(f'{loop.time():.2f}', *a)
    ev = asyncio.Event()

    async def w0():
        try:
            async with asyncio.TaskGroup() as tg:
                a = tg.create_task(asyncio.sleep(0.2, 'a'))
                b = tg.create_task(asyncio.to_thread(blocking, 'tg0', 0.2))
                async def boom():
                    await asyncio.sleep(0.15); raise ValueError('boom0')
                tg.create_task(boom())
            log('tg w0', a.result(), b.result())
        except ExceptionGroup as eg:
            log('tg w0 failed', eg.exceptions)
        ev.set(); log('w0 set')
        try:
            async with asyncio.TaskGroup() as tg:
                a = tg.create_task(asyncio.sleep(0.1, 'a'))
                b = tg.create_task(asyncio.to_thread(blocking, 'tg0', 0.1))
                async def boom():
                    await asyncio.sleep(0.15); raise ValueError('boom0')
                tg.create_task(boom())
            log('tg w0', a.result(), b.result())
        except ExceptionGroup as eg:
            log('tg w0 failed', eg.exceptions)
        ts = [asyncio.create_task(asyncio.sleep(x, x)) for x in (0.3, 0.1, 0.2)]
        done, pend = await asyncio.wait(ts, timeout=0.25, return_when=asyncio.FIRST_EXCEPTION)
        log('wait w0', sorted(x.result() for x in done), len(pend))
        return 'w0'
    async def w1():
        th = threading.Thread(target=lambda: (time.sleep(0.3), loop.call_soon_threadsafe(log, 'ts w1.0')))
        th.start()
        log(await asyncio.to_thread(blocking, 'w1.1', 0.1))
        async def sub2():
            await asyncio.sleep(0.1); return 'sub w1.2'
        def thr2():
            f = asyncio.run_coroutine_threadsafe(sub2(), loop)
            return f.result()
        log(await asyncio.to_thread(thr2))
        ev.set(); log('w1 set')
        return 'w1'
    async def w2():
        ts = [asyncio.create_task(asyncio.sleep(x, x)) for x in (0.3, 0.1, 0.2)]
        for c in asyncio.as_completed(ts, timeout=0.15):
            try:
                log('ascomp w2', await c)
            except TimeoutError:
                log('ascomp w2 timeout')
        time.sleep(0.1); log('w2 blocked the loop')
        return 'w2'
    async def w3():
        ts = [asyncio.create_task(asyncio.sleep(x, x)) for x in (0.3, 0.1, 0.2)]
        done, pend = await asyncio.wait(ts, timeout=0.25, return_when=asyncio.FIRST_EXCEPTION)
        log('wait w3', sorted(x.result() for x in done), len(pend))
        time.sleep(0.3); log('w3 blocked the loop')
        th = threading.Thread(target=lambda: (time.sleep(0.3), loop.call_soon_threadsafe(log, 'ts w3.2')))
        th.start()
        return 'w3'
    res = await asyncio.gather(w0(), w1(), w2(), w3())
    log('res', res)

asyncio.run(main())
print('end')

