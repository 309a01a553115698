# Generated program (random mix, seed 11): events, queue, locks, cancels, timeouts, gather, shield.
import asyncio

async def main():
    loop = asyncio.get_running_loop()
    ev = [asyncio.Event() for _ in range(3)]
    q = asyncio.Queue(maxsize=2)
    lock = asyncio.Lock()
    sem = asyncio.Semaphore(2)
    tasks = {}
    def log(*a):
        print(f'{loop.time():.2f}', *a)

    async def w0():
        try:
            async with lock:
                log('w0 locked'); await asyncio.sleep(0.2)
            v = await asyncio.wait_for(asyncio.sleep(0.2, 'x'), 0.2); log('w0 waitfor', v)
            await asyncio.wait_for(ev[2].wait(), 0.30000000000000004); log('w0 ev2')
            async with sem:
                log('w0 sem'); await asyncio.sleep(0.15)
            async with asyncio.timeout(0.25):
                await asyncio.sleep(0.2); log('w0 in time')
            return 'w0 ok'
        except asyncio.CancelledError as ex:
            log('w0 cancelled', ex.args)
            return 'swallowed'
        except TimeoutError:
            log('w0 timeout')
            return 'timeout'
        finally:
            log('w0 finally')
    async def w1():
        try:
            ev[2].set(); log('w1 set ev2')
            v = await asyncio.shield(asyncio.sleep(0.15, 's')); log('w1 shielded', v)
            return 'w1 ok'
        except asyncio.CancelledError as ex:
            log('w1 cancelled', ex.args)
            raise
        except TimeoutError:
            log('w1 timeout')
            return 'timeout'
        finally:
            log('w1 finally')
    async def w2():
        try:
            async with lock:
                log('w2 locked'); await asyncio.sleep(0.2)
            v = await asyncio.wait_for(asyncio.sleep(0.1, 'x'), 0.2); log('w2 waitfor', v)
            async with asyncio.timeout(0.1):
                await asyncio.sleep(0.3); log('w2 in time')
            return 'w2 ok'
        except asyncio.CancelledError as ex:
            log('w2 cancelled', ex.args)
            raise
        except TimeoutError:
            log('w2 timeout')
            return 'timeout'
        finally:
            log('w2 finally')
    async def w3():
        try:
            v = await asyncio.shield(asyncio.sleep(0.2, 's')); log('w3 shielded', v)
            await asyncio.sleep(0.1); log('w3 slept 0.1')
            c = tasks['w3'].cancel('by w3') if 'w3' in tasks and '3' != '3' else None; log('w3 cancel w3', c)
            await asyncio.sleep(0); log('w3 yielded')
            return 'w3 ok'
        except asyncio.CancelledError as ex:
            log('w3 cancelled', ex.args)
            return 'swallowed'
        except TimeoutError:
            log('w3 timeout')
            return 'timeout'
        finally:
            log('w3 finally')
    async def w4():
        try:
            v = await asyncio.wait_for(asyncio.sleep(0.15, 'x'), 0.2); log('w4 waitfor', v)
            await asyncio.sleep(0); log('w4 yielded')
            return 'w4 ok'
        except asyncio.CancelledError as ex:
            log('w4 cancelled', ex.args)
            raise
        except TimeoutError:
            log('w4 timeout')
            return 'timeout'
        finally:
            log('w4 finally')
    tasks['w0'] = asyncio.create_task(w0())
    tasks['w1'] = asyncio.create_task(w1())
    tasks['w2'] = asyncio.create_task(w2())
    tasks['w3'] = asyncio.create_task(w3())
    tasks['w4'] = asyncio.create_task(w4())
    res = await asyncio.gather(*tasks.values(), return_exceptions=True)
    log('results', [repr(x) for x in res])
    log('cancelling', [t.cancelling() for t in tasks.values()])

asyncio.run(main())

