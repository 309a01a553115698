#!/usr/bin/env python3
"""Differential fuzzing of the asyncio library against the reference runner.

Usage:
    fuzz-asyncio.py --loopscope PATH/TO/loopscope [--vrun PATH] [--kind tasks|threads|both]
                    [--start N] [--count N] [--keep DIR]

Generates random asyncio programs (seeded, so a failing seed is reproduced
with --start SEED --count 1), runs each with `python3 vrun.py` and with
`loopscope run`, and reports every program whose stdout or exit status
differs.  `tasks` programs mix sleeps, Events, a Queue, Lock, Semaphore,
cross-task cancellation, wait_for, timeout(), gather, shield and loop
callbacks; `threads` programs mix to_thread, run_in_executor,
call_soon_threadsafe, run_coroutine_threadsafe, TaskGroup, as_completed,
wait and time.sleep on the loop.  Failing programs are kept in --keep.
Stdlib only.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile


def gen_tasks(seed):
    r = random.Random(seed)
    ntasks = r.randint(2, 5)
    lines = ["import asyncio", "",
             "async def main():",
             "    loop = asyncio.get_running_loop()",
             "    ev = [asyncio.Event() for _ in range(3)]",
             "    q = asyncio.Queue(maxsize=%d)" % r.randint(0, 2),
             "    lock = asyncio.Lock()",
             "    sem = asyncio.Semaphore(%d)" % r.randint(1, 2),
             "    tasks = {}",
             "    def log(*a):",
             "        print(f'{loop.time():.2f}', *a)",
             ""]
    for t in range(ntasks):
        lines.append(f"    async def w{t}():")
        lines.append("        try:")
        body = []
        for k in range(r.randint(2, 6)):
            op = r.choice(['sleep', 'sleep0', 'evwait', 'evset', 'put', 'get', 'cancel', 'waitfor', 'lock', 'sem', 'timeout', 'gather', 'shield', 'callsoon', 'fut'])
            d = r.choice([0.1, 0.2, 0.3, 0.15])
            e = r.randint(0, 2)
            o = r.randint(0, ntasks - 1)
            if op == 'sleep':
                body.append(f"await asyncio.sleep({d}); log('w{t} slept {d}')")
            elif op == 'sleep0':
                body.append(f"await asyncio.sleep(0); log('w{t} yielded')")
            elif op == 'evwait':
                body.append(f"await asyncio.wait_for(ev[{e}].wait(), {d*3}); log('w{t} ev{e}')")
            elif op == 'evset':
                body.append(f"ev[{e}].set(); log('w{t} set ev{e}')")
            elif op == 'put':
                body.append(f"await asyncio.wait_for(q.put({k}), {d*2}); log('w{t} put {k}')")
            elif op == 'get':
                body.append(f"v = await asyncio.wait_for(q.get(), {d*2}); log('w{t} got', v)")
            elif op == 'cancel':
                body.append(f"c = tasks['w{o}'].cancel('by w{t}') if 'w{o}' in tasks and '{o}' != '{t}' else None; log('w{t} cancel w{o}', c)")
            elif op == 'waitfor':
                body.append(f"v = await asyncio.wait_for(asyncio.sleep({d}, 'x'), {r.choice([0.1, 0.2, 0.25])}); log('w{t} waitfor', v)")
            elif op == 'lock':
                body.append(f"async with lock:\n                log('w{t} locked'); await asyncio.sleep({d})")
            elif op == 'sem':
                body.append(f"async with sem:\n                log('w{t} sem'); await asyncio.sleep({d})")
            elif op == 'timeout':
                body.append(f"async with asyncio.timeout({r.choice([0.1, 0.2, 0.25])}):\n                await asyncio.sleep({d}); log('w{t} in time')")
            elif op == 'gather':
                body.append(f"v = await asyncio.gather(asyncio.sleep({d}, 1), asyncio.sleep(0.1, 2), return_exceptions={r.choice([True, False])}); log('w{t} gathered', v)")
            elif op == 'shield':
                body.append(f"v = await asyncio.shield(asyncio.sleep({d}, 's')); log('w{t} shielded', v)")
            elif op == 'callsoon':
                body.append(f"loop.call_soon(log, 'cb from w{t}'); loop.call_later({d}, log, 'later from w{t}')")
            elif op == 'fut':
                body.append(f"f = loop.create_future(); loop.call_later({d}, f.set_result, {k}); log('w{t} fut', await f)")
        for b in body:
            lines.append("            " + b)
        lines.append(f"            return 'w{t} ok'")
        lines.append("        except asyncio.CancelledError as ex:")
        lines.append(f"            log('w{t} cancelled', ex.args)")
        if r.random() < 0.3:
            lines.append("            return 'swallowed'")
        else:
            lines.append("            raise")
        lines.append("        except TimeoutError:")
        lines.append(f"            log('w{t} timeout')")
        lines.append("            return 'timeout'")
        lines.append(f"        finally:")
        lines.append(f"            log('w{t} finally')")
    for t in range(ntasks):
        lines.append(f"    tasks['w{t}'] = asyncio.create_task(w{t}())")
    lines.append("    res = await asyncio.gather(*tasks.values(), return_exceptions=True)")
    lines.append("    log('results', [repr(x) for x in res])")
    lines.append("    log('cancelling', [t.cancelling() for t in tasks.values()])")
    lines.append("")
    lines.append("asyncio.run(main())")
    return "\n".join(lines) + "\n"


def gen_threads(seed):
    r = random.Random(seed)
    ntasks = r.randint(2, 4)
    L = ["import asyncio, threading, time", "",
         "def blocking(tag, d):",
         "    time.sleep(d)",
         "    return f'{tag} after {d}'", "",
         "async def main():",
         "    loop = asyncio.get_running_loop()",
         "    def log(*a):",
         "        print(f'{loop.time():.2f}', *a)",
         "    ev = asyncio.Event()",
         ""]
    for t in range(ntasks):
        L.append(f"    async def w{t}():")
        for k in range(r.randint(1, 5)):
            op = r.choice(['to_thread', 'executor', 'threadsafe', 'rcts', 'tg', 'ascomp', 'wait', 'sleep', 'evset', 'evwait', 'blockloop'])
            d = r.choice([0.1, 0.2, 0.3])
            if op == 'to_thread':
                L.append(f"        log(await asyncio.to_thread(blocking, 'w{t}.{k}', {d}))")
            elif op == 'executor':
                L.append(f"        log(await loop.run_in_executor(None, blocking, 'x{t}.{k}', {d}))")
            elif op == 'threadsafe':
                L.append(f"        th = threading.Thread(target=lambda: (time.sleep({d}), loop.call_soon_threadsafe(log, 'ts w{t}.{k}')))")
                L.append(f"        th.start()")
            elif op == 'rcts':
                L.append(f"        async def sub{k}():")
                L.append(f"            await asyncio.sleep({d}); return 'sub w{t}.{k}'")
                L.append(f"        def thr{k}():")
                L.append(f"            f = asyncio.run_coroutine_threadsafe(sub{k}(), loop)")
                L.append(f"            return f.result()")
                L.append(f"        log(await asyncio.to_thread(thr{k}))")
            elif op == 'tg':
                L.append(f"        try:")
                L.append(f"            async with asyncio.TaskGroup() as tg:")
                L.append(f"                a = tg.create_task(asyncio.sleep({d}, 'a'))")
                L.append(f"                b = tg.create_task(asyncio.to_thread(blocking, 'tg{t}', {r.choice([0.1, 0.2])}))")
                if r.random() < 0.4:
                    L.append(f"                async def boom():")
                    L.append(f"                    await asyncio.sleep(0.15); raise ValueError('boom{t}')")
                    L.append(f"                tg.create_task(boom())")
                L.append(f"            log('tg w{t}', a.result(), b.result())")
                L.append(f"        except ExceptionGroup as eg:")
                L.append(f"            log('tg w{t} failed', eg.exceptions)")
            elif op == 'ascomp':
                L.append(f"        ts = [asyncio.create_task(asyncio.sleep(x, x)) for x in (0.3, 0.1, 0.2)]")
                L.append(f"        for c in asyncio.as_completed(ts, timeout={r.choice([0.15, 0.25, 1])}):")
                L.append(f"            try:")
                L.append(f"                log('ascomp w{t}', await c)")
                L.append(f"            except TimeoutError:")
                L.append(f"                log('ascomp w{t} timeout')")
            elif op == 'wait':
                L.append(f"        ts = [asyncio.create_task(asyncio.sleep(x, x)) for x in (0.3, 0.1, 0.2)]")
                rw = r.choice(['FIRST_COMPLETED', 'ALL_COMPLETED', 'FIRST_EXCEPTION'])
                L.append(f"        done, pend = await asyncio.wait(ts, timeout={r.choice([0.15, 0.25, None])}, return_when=asyncio.{rw})")
                L.append(f"        log('wait w{t}', sorted(x.result() for x in done), len(pend))")
            elif op == 'sleep':
                L.append(f"        await asyncio.sleep({d}); log('w{t} slept')")
            elif op == 'evset':
                L.append(f"        ev.set(); log('w{t} set')")
            elif op == 'evwait':
                L.append(f"        try:")
                L.append(f"            await asyncio.wait_for(ev.wait(), {d}); log('w{t} ev ok')")
                L.append(f"        except TimeoutError:")
                L.append(f"            log('w{t} ev timeout')")
            elif op == 'blockloop':
                L.append(f"        time.sleep({d}); log('w{t} blocked the loop')")
        L.append(f"        return 'w{t}'")
    L.append("    res = await asyncio.gather(" + ", ".join(f"w{t}()" for t in range(ntasks)) + ")")
    L.append("    log('res', res)")
    L.append("")
    L.append("asyncio.run(main())")
    L.append("print('end')")
    return "\n".join(L) + "\n"


def run(cmd, cwd):
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, timeout=120)
    except subprocess.TimeoutExpired:
        return None, 'timeout'
    return p.stdout, p.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--loopscope', required=True)
    ap.add_argument('--vrun', default='/work/shared/oracle/vrun.py')
    ap.add_argument('--kind', choices=('tasks', 'threads', 'both'), default='both')
    ap.add_argument('--start', type=int, default=1)
    ap.add_argument('--count', type=int, default=50)
    ap.add_argument('--keep', default='fuzz-failures')
    args = ap.parse_args()
    kinds = ['tasks', 'threads'] if args.kind == 'both' else [args.kind]
    loopscope = os.path.abspath(args.loopscope)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(args.start, args.start + args.count):
            for kind in kinds:
                src = (gen_tasks if kind == 'tasks' else gen_threads)(seed)
                name = f'{kind}_{seed}.py'
                path = os.path.join(tmp, name)
                with open(path, 'w') as f:
                    f.write(src)
                want = run([sys.executable, args.vrun, name], tmp)
                got = run([loopscope, 'run', name], tmp)
                if want != got:
                    failures += 1
                    os.makedirs(args.keep, exist_ok=True)
                    shutil.copy(path, os.path.join(args.keep, name))
                    print(f'DIFF {name}: reference exit {want[1]}, loopscope exit {got[1]}')
                else:
                    print(f'ok   {name}')
    print(f'{failures} difference(s)')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
