#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The timeline diagram of every example, as data/examples/NN-name.svg.

    build-aux/regen-diagrams.py [--loopscope _build/app/loopscope]
        rewrites the SVG files beside the examples (commit them);
    build-aux/regen-diagrams.py --loopscope BIN --check
        regenerates them into a temporary directory and fails, naming the
        files, when a committed diagram is not what the code draws now.

Diagrams are deterministic (no dates, no random ids), so a byte compare is
the check.  They are drawn with the fonts of fonts-noto-cjk, which
build-aux/install-deps.sh installs.
"""

import argparse
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.join(ROOT, 'data', 'examples')
WIDTH = '1200'


def render(loopscope, out_dir):
    written = []
    for name in sorted(os.listdir(HERE)):
        if not name.endswith('.py') or not name[:2].isdigit():
            continue
        svg = os.path.join(out_dir, name[:-3] + '.svg')
        # a scenario that fails (the seed's syntax errors) still gets its
        # diagram, which says why it did not run
        proc = subprocess.run([loopscope, 'run', os.path.join(HERE, name), '--quiet',
                               '--svg', svg, '--width', WIDTH],
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=300)
        if proc.returncode not in (0, 1) or not os.path.exists(svg):
            sys.exit(f'{name}: loopscope exited {proc.returncode}: {proc.stderr.decode()}')
        written.append(os.path.basename(svg))
    return written


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--loopscope', default=os.path.join(ROOT, '_build', 'app', 'loopscope'))
    parser.add_argument('--check', action='store_true')
    args = parser.parse_args()
    if not args.check:
        for name in render(args.loopscope, HERE):
            print('wrote', os.path.join('data', 'examples', name))
        return 0
    stale = []
    with tempfile.TemporaryDirectory() as tmp:
        names = render(args.loopscope, tmp)
        for name in names:
            committed = os.path.join(HERE, name)
            with open(os.path.join(tmp, name), 'rb') as f:
                fresh = f.read()
            if not os.path.exists(committed):
                stale.append(f'{name} is missing')
                continue
            with open(committed, 'rb') as f:
                if f.read() != fresh:
                    stale.append(f'{name} differs from what the code draws now')
    for line in stale:
        print('FAIL:', line)
    if stale:
        print('run build-aux/regen-diagrams.py and commit the SVG files')
    print(f'regen-diagrams: {len(names) - len(stale)} passed, {len(stale)} failed')
    return 1 if stale else 0


if __name__ == '__main__':
    sys.exit(main())
