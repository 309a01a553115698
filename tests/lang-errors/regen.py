#!/usr/bin/env python3
"""Regenerate the .err goldens of tests/lang-errors from CPython.

For every NAME.py in this directory (except the names listed in
LOOPSCOPE_ONLY, whose .err files are written by hand), run `python3 NAME.py`
and write NAME.err with exactly two lines:

    line N        N = the line number of the LAST `File "...", line N`
                  occurrence in CPython's stderr (the error line for a
                  SyntaxError, the innermost frame for a runtime error)
    <last line of stderr>   e.g. `ZeroDivisionError: division by zero`

The program must exit with status 1, otherwise this script complains and
exits 1 without writing that file.

Usage: regen.py [--check] [--python python3] [NAME ...]
  --check   do not write, only report goldens that differ from CPython
"""
import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FILE_LINE = re.compile(r'File "[^"]*", line (\d+)')
ANY_LINE = re.compile(r'line (\d+)')


def loopscope_only():
    path = os.path.join(HERE, 'LOOPSCOPE_ONLY')
    try:
        with open(path) as fh:
            return {l.strip() for l in fh if l.strip() and not l.startswith('#')}
    except FileNotFoundError:
        return set()


def golden_for(python, path):
    env = dict(os.environ)
    env['PYTHONHASHSEED'] = '0'
    env.pop('PYTHONWARNINGS', None)
    proc = subprocess.run([python, os.path.basename(path)], cwd=os.path.dirname(path),
                          capture_output=True, timeout=60, env=env)
    err = proc.stderr.decode('utf-8', 'replace')
    if proc.returncode != 1:
        raise RuntimeError(f'exit status {proc.returncode}, expected 1')
    lines = [l for l in err.splitlines() if l.strip()]
    if not lines:
        raise RuntimeError('empty stderr')
    nums = FILE_LINE.findall(err)
    if not nums:
        # No traceback at all (e.g. a non-UTF-8 source file): fall back to
        # the last `line N` anywhere in stderr, as run-programs.py does.
        nums = ANY_LINE.findall(err)
    if not nums:
        raise RuntimeError('no `line N` in stderr:\n' + err)
    last = lines[-1]
    # CPython names the file by its absolute path in some messages; the
    # goldens use the bare file name (run-programs.py normalizes likewise).
    last = last.replace(os.path.abspath(path), os.path.basename(path))
    return f'line {nums[-1]}\n{last}\n'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--check', action='store_true')
    ap.add_argument('--python', default='python3')
    ap.add_argument('names', nargs='*')
    args = ap.parse_args()
    skip = loopscope_only()
    names = args.names or sorted(f[:-3] for f in os.listdir(HERE)
                                 if f.endswith('.py') and f != 'regen.py')
    bad = 0
    for name in names:
        if name in skip:
            continue
        path = os.path.join(HERE, name + '.py')
        try:
            text = golden_for(args.python, path)
        except Exception as e:  # noqa: BLE001
            print(f'{name}: ERROR: {e}')
            bad += 1
            continue
        out = os.path.join(HERE, name + '.err')
        old = None
        if os.path.exists(out):
            with open(out) as fh:
                old = fh.read()
        if args.check:
            if old != text:
                print(f'{name}: differs: {old!r} != {text!r}')
                bad += 1
        elif old != text:
            with open(out, 'w') as fh:
                fh.write(text)
            print(f'{name}: wrote {text.splitlines()}')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
