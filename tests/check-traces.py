#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-traces.py --loopscope BIN --checker BIN DIR...

Runs every program of the directories twice with --trace-json and requires
the two traces to be byte-identical (the engine is deterministic: no wall
clock, no hash order, no thread timing), then has trace-json-check parse
each trace with json-glib and check its structure.  Programs listed in a
directory's KNOWN_FAILURES are skipped: their output is not right yet, so
their trace is not either."""
import argparse
import os
import subprocess
import sys
import tempfile


def known_failures(directory):
    path = os.path.join(directory, 'KNOWN_FAILURES')
    names = set()
    if os.path.exists(path):
        for line in open(path, encoding='utf-8'):
            line = line.split('#', 1)[0].strip()
            if line:
                names.add(line)
    return names


def trace_of(loopscope, program, out, timeout):
    subprocess.run([loopscope, 'run', program, '--quiet', '--trace-json', out],
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=timeout, check=False)
    with open(out, 'rb') as fh:
        return fh.read()


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument('--loopscope', required=True)
    ap.add_argument('--checker', required=True)
    ap.add_argument('--timeout', type=float, default=20.0)
    ap.add_argument('dirs', nargs='+')
    args = ap.parse_args(argv)
    failed = []
    checked = 0
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for directory in args.dirs:
            skip = known_failures(directory)
            for name in sorted(os.listdir(directory)):
                if not name.endswith('.py') or not name[:1].isdigit() or name in skip:
                    continue
                program = os.path.join(directory, name)
                first = os.path.join(tmp, f'{len(files)}-a.json')
                second = os.path.join(tmp, f'{len(files)}-b.json')
                try:
                    a = trace_of(args.loopscope, program, first, args.timeout)
                    b = trace_of(args.loopscope, program, second, args.timeout)
                except (subprocess.TimeoutExpired, OSError) as e:
                    failed.append(f'{name}: {e}')
                    continue
                if a != b:
                    failed.append(f'{name}: the two traces differ')
                files.append(first)
                checked += 1
        result = subprocess.run([args.checker] + files, capture_output=True, text=True)
        if result.returncode != 0:
            failed.append('structure:\n' + result.stderr)
    for f in failed:
        print('FAIL ' + f)
    print(f'{checked} programs traced twice, {len(failed)} problems')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
