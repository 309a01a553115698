#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`loopscope run` and the limits (ls-limits.h) and exports of issue 7:

- a limit option with a bad or missing value is a usage error (exit 2, one
  line on stderr);
- a run stopped by a limit still writes its exports (the trace up to the
  stop), with exit status 4;
- an export replaces the file it names in one step (a temporary file
  renamed into place): no temporary file is left beside it, and when the
  rename cannot happen the old content stays as it was.

The messages of each limit are checked by tests/limits/ (run-programs.py).
"""

import json
import os
import subprocess
import sys
import tempfile

ENDLESS = 'import asyncio\nasync def main():\n    while True:\n        await asyncio.sleep(1)\nasyncio.run(main())\n'


def run(loopscope, *args):
    return subprocess.run([loopscope, 'run', *args], stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=60)


def main():
    loopscope = sys.argv[1]
    failures = []
    n = 0

    def expect(cond, what, proc=None):
        nonlocal n
        n += 1
        if not cond:
            detail = '' if proc is None else f' (exit {proc.returncode})\n{proc.stderr.decode()}'
            failures.append(what + detail)

    with tempfile.TemporaryDirectory() as tmp:
        program = os.path.join(tmp, 'endless.py')
        with open(program, 'w') as f:
            f.write(ENDLESS)

        for args in (['--max-time', 'soon'], ['--max-instructions', '-5'], ['--max-memory', '2T'],
                     ['--max-events']):
            proc = run(loopscope, program, *args)
            lines = proc.stderr.decode().splitlines()
            expect(proc.returncode == 2 and len(lines) == 1 and args[0] in lines[0],
                   f'{" ".join(args)}: want exit 2 and one line naming the option', proc)

        # stopped by the time limit, the trace is still exported, in one piece
        out = os.path.join(tmp, 'trace.json')
        with open(out, 'w') as f:
            f.write('old')
        proc = run(loopscope, program, '--max-time', '5', '--trace-json', out)
        expect(proc.returncode == 4, 'the time limit: want exit 4', proc)
        try:
            with open(out) as f:
                events = json.load(f)
            expect(len(events.get('traceEvents', events) if isinstance(events, dict) else events) > 0,
                   'the trace of a stopped run has events')
        except (OSError, ValueError) as e:
            expect(False, f'the trace of a stopped run is JSON: {e}')
        leftovers = sorted(f for f in os.listdir(tmp) if f not in ('endless.py', 'trace.json'))
        expect(leftovers == [], f'no temporary file left beside the export: {leftovers}')

        # a path that cannot be replaced: exit 2, and what was there stays
        blocked = os.path.join(tmp, 'blocked.json')
        os.mkdir(blocked)
        with open(os.path.join(blocked, 'keep'), 'w') as f:
            f.write('keep')
        proc = run(loopscope, program, '--max-time', '5', '--trace-json', blocked)
        expect(proc.returncode == 2 and len(proc.stderr.decode().splitlines()) >= 1,
               'an export that cannot be written: want exit 2', proc)
        expect(os.path.isdir(blocked) and os.listdir(blocked) == ['keep'],
               'the directory in the way is untouched')
        leftovers = sorted(f for f in os.listdir(tmp) if f not in ('endless.py', 'trace.json', 'blocked.json'))
        expect(leftovers == [], f'no temporary file left after a failed export: {leftovers}')

        # a source past --max-source is refused before it runs: exit 4
        proc = run(loopscope, program, '--max-source', '10')
        expect(proc.returncode == 4 and b'--max-source' in proc.stderr, 'the source size limit: want exit 4', proc)

    for failure in failures:
        print('FAIL:', failure)
    print(f'cli-limits: {n - len(failures)} passed, {len(failures)} failed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
