#!/usr/bin/env python3
"""Regenerate (or check) the goldens of the asyncio conformance programs.

Usage:
    regen.py [--check] [--vrun PATH] [--only SUBSTRING] [-j N]

For every NNN_topic.py in this directory (sorted), runs the reference runner
`python3 vrun.py NNN_topic.py` and `python3 vrun.py --timestamps NNN_topic.py`
TWICE each (to catch non-determinism) and writes
  NNN_topic.out     stdout of the plain run
  NNN_topic.tsout   stdout of the --timestamps run
  NNN_topic.status  the exit status, only when it is not 0
With --check, nothing is written: the fresh results are compared with the
files on disk and every difference is reported (exit 1 if any).
A run whose two repetitions differ is always an error (exit 1).
Stdlib only.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_VRUN = '/work/shared/oracle/vrun.py'
PROG_RE = re.compile(r'^\d{3}_[A-Za-z0-9_]+\.py$')


def run(vrun, prog, ts):
    cmd = [sys.executable, vrun] + (['--timestamps'] if ts else []) + [prog]
    p = subprocess.run(cmd, cwd=HERE, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=300)
    return p.stdout, p.returncode


def process(vrun, prog):
    """Return (name, out, tsout, status, problems)."""
    problems = []
    a = run(vrun, prog, False)
    b = run(vrun, prog, False)
    c = run(vrun, prog, True)
    d = run(vrun, prog, True)
    if a != b:
        problems.append('plain runs differ (non-deterministic)')
    if c != d:
        problems.append('--timestamps runs differ (non-deterministic)')
    if a[1] != c[1]:
        problems.append(f'exit status differs between modes: {a[1]} vs {c[1]}')
    return prog[:-3], a[0], c[0], a[1], problems


def read(path):
    try:
        with open(path, 'rb') as f:
            return f.read()
    except FileNotFoundError:
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--check', action='store_true')
    ap.add_argument('--vrun', default=DEFAULT_VRUN)
    ap.add_argument('--only', default='')
    ap.add_argument('-j', type=int, default=os.cpu_count() or 4)
    args = ap.parse_args()

    progs = sorted(f for f in os.listdir(HERE)
                   if PROG_RE.match(f) and args.only in f)
    failed = False
    with concurrent.futures.ThreadPoolExecutor(args.j) as ex:
        results = list(ex.map(lambda p: process(args.vrun, p), progs))
    for name, out, tsout, status, problems in results:
        base = os.path.join(HERE, name)
        want = {'.out': out, '.tsout': tsout,
                '.status': (f'{status}\n'.encode() if status else None)}
        if args.check:
            for ext, data in want.items():
                if read(base + ext) != data:
                    problems.append(f'{name}{ext} differs from a fresh run')
        else:
            for ext, data in want.items():
                if data is None:
                    if os.path.exists(base + ext):
                        os.remove(base + ext)
                elif read(base + ext) != data:
                    with open(base + ext, 'wb') as f:
                        f.write(data)
        tag = 'FAIL' if problems else 'ok'
        extra = f' (exit {status})' if status else ''
        print(f'{tag:4} {name}{extra}')
        for p in problems:
            print(f'     {p}')
        failed = failed or bool(problems)
    print(f'{len(results)} programs, '
          f'{sum(1 for r in results if r[4])} with problems')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
