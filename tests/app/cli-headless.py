#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`loopscope run` must work with no display at all: a usage error there is
exit 2 with a one-line message, and nothing from GTK on the way."""

import os
import subprocess
import sys


def run(loopscope, *args):
    env = {k: v for k, v in os.environ.items()
           if k not in ('DISPLAY', 'WAYLAND_DISPLAY', 'XAUTHORITY')}
    return subprocess.run([loopscope, 'run', *args], env=env,
                          stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=60)


def check(loopscope, args, failures):
    proc = run(loopscope, *args)
    stderr = proc.stderr.decode('utf-8', 'replace')
    lines = stderr.splitlines()
    what = 'loopscope run ' + ' '.join(args)
    if proc.returncode != 2:
        failures.append(f'{what}: exit {proc.returncode}, want 2\n{stderr}')
    elif len(lines) != 1:
        failures.append(f'{what}: want one line on stderr, got:\n{stderr}')
    elif 'Gtk' in stderr or 'Gdk' in stderr or 'display' in stderr.lower():
        failures.append(f'{what}: GTK was involved:\n{stderr}')


def main():
    loopscope = sys.argv[1]
    failures = []
    check(loopscope, ['/nonexistent/loopscope-test/none.py'], failures)
    check(loopscope, ['--no-such-option', '/nonexistent/loopscope-test/none.py'], failures)
    for failure in failures:
        print('FAIL:', failure)
    print(f'cli-headless: {2 - len(failures)} passed, {len(failures)} failed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
