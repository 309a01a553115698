#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A traceback shows source text under the scenario's own frames only.

A library frame (asyncio.tasks.py, ...) has its own line numbers; printing
the scenario's line of the same number under it would show code that has
nothing to do with it.  The program here is longer than the library
modules, cancelled inside sleep(0) (frames `sleep` and `__sleep0`), and
uncaught.

Usage: check-traceback-text.py LOOPSCOPE
"""
import os
import subprocess
import sys
import tempfile

HEAD = '''import asyncio
async def worker():
    while True:
        await asyncio.sleep(0)
async def main():
    task = asyncio.create_task(worker())
    await asyncio.sleep(0)
    task.cancel()
    await task
'''


def main():
    loopscope = sys.argv[1]
    filler = ''.join(f'filler_{i} = {i}\n' for i in range(3000))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'long_program.py')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(HEAD + filler + 'asyncio.run(main())\n')
        proc = subprocess.run([loopscope, 'run', path], capture_output=True, text=True, timeout=60)
    lines = proc.stderr.splitlines()
    failures = []
    if proc.returncode != 1 or not lines or lines[-1] != 'asyncio.exceptions.CancelledError':
        failures.append(f'expected exit 1 and CancelledError, got {proc.returncode}')
    library_frames = 0
    for i, line in enumerate(lines):
        if line.startswith('  File ') and 'long_program.py' not in line:
            library_frames += 1
            if i + 1 < len(lines) and lines[i + 1].startswith('    '):
                failures.append(f'source text under a library frame: {line.strip()} / {lines[i + 1].strip()}')
        if 'filler_' in line:
            failures.append(f'the program\'s filler shown: {line.strip()}')
    if library_frames < 2:
        failures.append(f'expected library frames (sleep, __sleep0), found {library_frames}')
    # the innermost frames are sleep's and __sleep0's, as CPython's
    # (their coroutine's body is C: ls-asyncio-sleep-coroutine.c adds them)
    files = [line for line in lines if line.startswith('  File ')]
    if len(files) < 3 or not files[-3].endswith(', in worker') or not files[-2].endswith(', in sleep') or \
       not files[-1].endswith(', in __sleep0'):
        failures.append('expected the frames worker, sleep, __sleep0 innermost')
    if '    await asyncio.sleep(0)' not in lines or '    await task' not in lines:
        failures.append('the scenario\'s own lines are missing')
    for failure in failures:
        print('FAIL', failure)
    if failures:
        print(proc.stderr)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
