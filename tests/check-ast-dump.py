#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Compares Loopscope's parser with CPython's, file by file.

For every .py file under the given directories (or given directly):

- if CPython 3.11 accepts it, our `ast.dump()` must be CPython's, character
  for character (with --attrs, node positions included);
- if CPython rejects it at compile time, we must reject it too, with the
  same exception class, message and line.  A NAME.err file beside NAME.py
  (line 1 "line N", line 2 CPython's last stderr line, "SyntaxError: ...")
  is the reference when present.

Our side is `test-parser --dump FILE` (see tests/test-parser.c).

Usage: check-ast-dump.py [--parser PATH] [--attrs] [--allow-unsupported] [-v] PATH...
Exit status 0 when everything matches, 77 (skipped) when python3 is not 3.11.
"""

import argparse
import ast
import os
import re
import subprocess
import sys
import warnings


def python_expectation(path, attrs):
    """('ok', dump) or ('error', class, message, line)."""
    with open(path, 'rb') as f:
        source = f.read()
    err_path = os.path.splitext(path)[0] + '.err'
    if os.path.exists(err_path):
        with open(err_path, encoding='utf-8') as f:
            lines = f.read().splitlines()
        if len(lines) >= 2 and lines[0].startswith('line '):
            cls, _, message = lines[1].partition(': ')
            # RecursionError: a tree too deep to compile (ls-ast-check.c),
            # which ast.parse cannot build either
            if (cls.endswith('Error') and 'Syntax' in cls or cls in ('IndentationError', 'TabError')
                    or (cls == 'RecursionError' and message.endswith('during compilation'))):
                return ('error', cls, message, int(lines[0].split()[1]))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            tree = ast.parse(source, filename=path)
            compile(source, path, 'exec')
    except SyntaxError as e:
        return ('error', type(e).__name__, e.msg, e.lineno)
    except ValueError as e:  # null bytes, in compile()'s words
        return ('error', 'SyntaxError', str(e), None)
    return ('ok', ast.dump(tree, include_attributes=attrs))


def loopscope_result(parser, path, attrs):
    proc = subprocess.run([parser, '--dump-attrs' if attrs else '--dump', path],
                          capture_output=True, timeout=30)
    out = proc.stdout.decode('utf-8', 'replace').rstrip('\n')
    if proc.returncode not in (0, 1) or proc.stderr:
        return ('crash', proc.returncode, proc.stderr.decode('utf-8', 'replace')[-2000:])
    m = re.match(r'ERROR (-?\d+) (-?\d+) (\w+): (.*)', out, re.S)
    if proc.returncode == 1 and m:
        return ('error', m.group(3), m.group(4), int(m.group(1)))
    return ('ok', out)


def normalize_message(message):
    # The path in CPython's Non-UTF-8 message is the one it was given.
    return re.sub(r"in file .* on line", "in file FILE on line", message)


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def compare(parser, path, attrs, verbose):
    expected = python_expectation(path, attrs)
    got = loopscope_result(parser, path, attrs)
    if got[0] == 'crash':
        return 'crash', 'exit status %s\n%s' % (got[1], got[2])
    if expected[0] == 'ok':
        if got[0] == 'ok' and got[1] == expected[1]:
            return 'ok', None
        if got[0] == 'error' and got[2].startswith('Loopscope does not support'):
            return 'unsupported', '%s (line %s)' % (got[2], got[3])
        if got[0] == 'error':
            return 'mismatch', 'CPython accepts it; we say %s: %s (line %s)' % got[1:]
        i = first_difference(expected[1], got[1])
        lo = max(0, i - 60)
        return 'mismatch', 'dumps differ at %d:\n  python: ...%s\n  ours:   ...%s' % (
            i, expected[1][lo:i + 100], got[1][lo:i + 100])
    # CPython rejects it
    _, cls, message, line = expected
    if got[0] == 'ok':
        return 'mismatch', 'CPython says %s: %s (line %s); we accept it' % (cls, message, line)
    _, gcls, gmessage, gline = got
    if (gcls, normalize_message(gmessage)) == (cls, normalize_message(message)) and \
            (line is None or gline == line):
        return 'ok', None
    if gmessage.startswith('Loopscope does not support'):
        return 'unsupported', 'CPython says %s: %s (line %s); we say %s: %s (line %s)' % (
            cls, message, line, gcls, gmessage, gline)
    return 'mismatch', 'CPython says %s: %s (line %s); we say %s: %s (line %s)' % (
        cls, message, line, gcls, gmessage, gline)


def collect(paths):
    files = []
    for p in paths:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                files.extend(os.path.join(root, n) for n in names if n.endswith('.py'))
        else:
            files.append(p)
    return sorted(files)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--parser',
                    default=os.environ.get('LS_TEST_PARSER',
                                           os.path.join(here, '..', 'build', 'tests', 'test-parser')),
                    help='the test-parser program (default: $LS_TEST_PARSER, '
                         'else build/tests/test-parser)')
    ap.add_argument('--attrs', action='store_true', help='compare node positions too')
    ap.add_argument('-v', '--verbose', action='store_true')
    ap.add_argument('--allow-unsupported', action='store_true',
                    help="count files we refuse as 'Loopscope does not support' apart "
                         "(for corpora such as CPython's own library)")
    ap.add_argument('paths', nargs='*', default=[os.path.join(here, 'lang'),
                                                 os.path.join(here, 'lang-errors')])
    args = ap.parse_args()

    # ast.dump() and the error messages change between CPython versions:
    # the reference is 3.11.  Exit status 77 is "skipped" for meson.
    if sys.version_info[:2] != (3, 11):
        print('skipped: the reference is CPython 3.11, this is %d.%d' % sys.version_info[:2])
        return 77
    if not os.access(args.parser, os.X_OK):
        print('%s: no such program (see --parser)' % args.parser, file=sys.stderr)
        return 2

    files = collect(args.paths)
    counts = {'ok': 0, 'mismatch': 0, 'crash': 0, 'unsupported': 0}
    for path in files:
        status, detail = compare(args.parser, path, args.attrs, args.verbose)
        counts[status] += 1
        if status == 'unsupported' and args.allow_unsupported:
            if args.verbose:
                print('unsupported: %s: %s' % (path, detail))
        elif status != 'ok':
            print('%s: %s\n  %s' % (status.upper(), path, detail.replace('\n', '\n  ')))
        elif args.verbose:
            print('ok: %s' % path)
    print('%d files: %d ok, %d mismatches, %d crashes, %d unsupported' % (
        len(files), counts['ok'], counts['mismatch'], counts['crash'], counts['unsupported']))
    if args.allow_unsupported:
        return 0 if counts['mismatch'] == counts['crash'] == 0 else 1
    return 0 if counts['ok'] == len(files) else 1


if __name__ == '__main__':
    sys.exit(main())
