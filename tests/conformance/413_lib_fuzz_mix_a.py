# Generated program (random mix, seed 7): events, queue, locks, cancels, timeouts, gather, shield.
import asyncio

async def main():
    loop = asyncio.get_running_loop()
    ev = [asyncio.Event() for _ in range(3)]
    q = asyncio.Queue(maxsize=0)
    lock = asyncio.Lock()
    sem = asyncio.Semaphore(2)
    tasks = {}
    def log(*a):
        print(f'{loop.time():.2f}', *a)

    async def w0():
        try:
            await asyncio.sleep(0); log('w0 yielded')
            f = loop.create_future(); loop.call_later(0.2, f.set_result, 1); log('w0 fut', await f)
            return 'w0 ok'
        except asyncio.CancelledError as ex:
            log('w0 cancelled', ex.args)
            raise
        except TimeoutError:
            log('w0 timeout')
            return 'timeout'
        finally:
            log('w0 finally')
    async def w1():
        try:
            ev[2].set(); log('w1 set ev2')
            await asyncio.sleep(0.1); log('w1 slept 0.1')
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
            await asyncio.sleep(0.2); log('w2 slept 0.2')
            await asyncio.wait_for(q.put(1), 0.3); log('w2 put 1')
            async with sem:
                log('w2 sem'); await asyncio.sleep(0.3)
            await asyncio.sleep(0); log('w2 yielded')
            async with lock:
                log('w2 locked'); await asyncio.sleep(0.1)
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
            async with asyncio.timeout(0.25):
                await asyncio.sleep(0.15); log('w3 in time')
            f = loop.create_future(); loop.call_later(0.15, f.set_result, 1); log('w3 fut', await f)
            ev[2].set(); log('w3 set ev2')
            await asyncio.sleep(0); log('w3 yielded')
            f = loop.create_future(); loop.call_later(0.3, f.set_result, 4); log('w3 fut', await f)
            return 'w3 ok'
        except asyncio.CancelledError as ex:
            log('w3 cancelled', ex.args)
            return 'swallowed'
        except TimeoutError:
            log('w3 timeout')
            return 'timeout'
        finally:
            log('w3 finally')
    tasks['w0'] = asyncio.create_task(w0())
    tasks['w1'] = asyncio.create_task(w1())
    tasks['w2'] = asyncio.create_task(w2())
    tasks['w3'] = asyncio.create_task(w3())
    res = await asyncio.gather(*tasks.values(), return_exceptions=True)
    log('results', [repr(x) for x in res])
    log('cancelling', [t.cancelling() for t in tasks.values()])

asyncio.run(main())

