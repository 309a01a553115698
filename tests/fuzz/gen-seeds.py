#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes OUTPUT_DIR (run.sh: _build-fuzz/seeds): small programs that call every method of the
built-in types and every built-in function with awkward arguments (huge,
negative, NaN, empty, wrong type), each call in its own try block.

The test suites' programs (the other seed corpora) use the built-ins the way
tutorials do; these make libFuzzer start from the edges, where a native is
most likely to mishandle a value.  Deterministic; run it again after adding
a built-in.

Usage: gen-seeds.py OUTPUT_DIR
"""
import os
import sys

EDGES = ['0', '-1', '1', '2**62', '-2**63', '10**12', '1e308', "float('nan')", "float('inf')",
         "''", "'a\\tb\\nc'", "'é' * 3", 'None', '[]', '[1, [2]]', '()', '{}', '{1: 2}',
         'range(5)', 'True', "'%s %d'", "'{}{:>5}'", 'len', 'lambda *a: a']

RECEIVERS = {
    'str': "'abc\\tdef'",
    'list': '[3, 1, 2]',
    'dict': "{'a': 1, 'b': 2}",
    'set': '{1, 2, 3}',
    'frozenset': 'frozenset({1, 2})',
    'tuple': '(1, 2, 1)',
    'int': '7',
    'float': '2.5',
    'range': 'range(1, 10, 2)',
}

BUILTINS = ['abs', 'all', 'any', 'ascii', 'bin', 'bool', 'callable', 'chr', 'dict', 'divmod',
            'enumerate', 'filter', 'float', 'format', 'frozenset', 'getattr', 'hasattr', 'hash',
            'hex', 'id', 'int', 'isinstance', 'issubclass', 'iter', 'len', 'list', 'map', 'max',
            'min', 'next', 'oct', 'ord', 'pow', 'print', 'range', 'repr', 'reversed', 'round',
            'set', 'setattr', 'slice', 'sorted', 'str', 'sum', 'tuple', 'type', 'zip']


def calls(target, arity):
    """A few calls of `target` with edge values, one per try block."""
    out = []
    for i in range(len(EDGES)):
        args = [EDGES[(i + k * 7) % len(EDGES)] for k in range(arity)]
        out.append(f"try:\n    print(repr({target}({', '.join(args)}))[:80])\n"
                   f"except Exception as e:\n    print(type(e).__name__)\n")
    return ''.join(out)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1].strip())
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    n = 0
    for type_name, receiver in RECEIVERS.items():
        methods = sorted(m for m in dir(eval(type_name)) if not m.startswith('__') or m in
                         ('__getitem__', '__contains__', '__mul__', '__add__', '__format__', '__mod__'))
        for method in methods:
            for arity in (0, 1, 2):
                text = f'x = {receiver}\n' + calls(f'x.{method}', arity)
                with open(os.path.join(outdir, f'{type_name}-{method}-{arity}.py'), 'w') as fh:
                    fh.write(text)
                n += 1
    for name in BUILTINS:
        for arity in (1, 2, 3):
            with open(os.path.join(outdir, f'builtin-{name}-{arity}.py'), 'w') as fh:
                fh.write(calls(name, arity))
            n += 1
    print(f'{n} seeds in {outdir}')


if __name__ == '__main__':
    main()
