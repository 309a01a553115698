#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`loopscope run` must work with no display at all: a usage error there is
exit 2 with a one-line message, and nothing from GTK on the way.  Any
other command line is the desktop app's, which `loopscope` starts with
exec (`loopscope-gui`): its --help answers without a display too."""

import os
import subprocess
import sys
import tempfile


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
    n = 2
    # the diagram exports are headless too: a file that cannot be written
    # is a usage error, and a good one is written without a display
    with tempfile.TemporaryDirectory() as tmp:
        program = os.path.join(tmp, 'prog.py')
        with open(program, 'w') as f:
            f.write('import asyncio\nasync def main():\n    await asyncio.sleep(1)\nasyncio.run(main())\n')
        for option in ('--svg', '--png', '--pdf'):
            check(loopscope, [program, option, '/nonexistent/loopscope-test/out'], failures)
            n += 1
            out = os.path.join(tmp, 'out' + option.replace('--', '.'))
            proc = run(loopscope, program, option, out)
            n += 1
            written = os.path.exists(out) and os.path.getsize(out) > 0
            if proc.returncode != 0 or not written:
                failures.append(f'{option} {out}: exit {proc.returncode}, no file\n{proc.stderr.decode()}')
    # the other door: the binary execs the desktop app, which parses its
    # options before it needs a display
    env = {k: v for k, v in os.environ.items()
           if k not in ('DISPLAY', 'WAYLAND_DISPLAY', 'XAUTHORITY')}
    proc = subprocess.run([loopscope, '--help'], env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=60)
    n += 1
    if proc.returncode != 0 or not proc.stdout.decode('utf-8', 'replace').startswith('Usage:\n  loopscope'):
        failures.append(f'loopscope --help: exit {proc.returncode}\n{proc.stdout.decode()}{proc.stderr.decode()}')
    for failure in failures:
        print('FAIL:', failure)
    print(f'cli-headless: {n - len(failures)} passed, {len(failures)} failed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
