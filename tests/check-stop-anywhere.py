#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every program of the given directories, run with limits so small that
the run stops somewhere in the middle (in a task, a callback, a thread, the
loop itself, the interpreter's shutdown), must end with one of the statuses
of the command-line contract (0-4): a stop may come anywhere, and must
never crash, hang or trip a sanitizer.

Usage: check-stop-anywhere.py LOOPSCOPE DIR...
"""
import os
import subprocess
import sys

LIMITS = [
    ['--max-instructions', '3000'],
    ['--max-events', '150'],
    ['--max-time', '0.5'],
    ['--max-memory', '6M'],
]


def main():
    loopscope, dirs = sys.argv[1], sys.argv[2:]
    programs = sorted(os.path.join(d, f) for d in dirs for f in os.listdir(d)
                      if f.endswith('.py') and f != 'regen.py')
    failures = 0
    for path in programs:
        for limit in LIMITS:
            try:
                proc = subprocess.run([loopscope, 'run', path, *limit], stdin=subprocess.DEVNULL,
                                      capture_output=True, timeout=60)
            except subprocess.TimeoutExpired:
                print(f'FAIL {path} {" ".join(limit)}: timeout')
                failures += 1
                continue
            stderr = proc.stderr.decode('utf-8', 'replace')
            if not 0 <= proc.returncode <= 4 or 'Sanitizer' in stderr or 'runtime error' in stderr:
                print(f'FAIL {path} {" ".join(limit)}: exit {proc.returncode}\n{stderr[-1500:]}')
                failures += 1
    print(f'{len(programs) * len(LIMITS) - failures}/{len(programs) * len(LIMITS)} stopped cleanly')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
