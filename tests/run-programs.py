#!/usr/bin/env python3
"""Run a directory of Python programs through Loopscope and check the goldens.

Usage:
    run-programs.py --loopscope PATH/TO/loopscope DIR [--mode lang|errors]
                    [--only SUBSTRING] [--timeout SECONDS] [-- EXTRA LOOPSCOPE ARGS]

For each DIR/*.py (sorted), runs `loopscope run FILE.py [EXTRA...]`.

  lang mode (default): exit status must be 0 and stdout must equal FILE.out
      byte for byte.
  errors mode: exit status must be 1 and FILE.err (two lines) must equal
      line 1: `line N`, N = the last `line N` in Loopscope's stderr, looked
              for above the final message line (the final line is only
              searched when nothing above it matches, e.g. a bare message);
      line 2: the last non-empty line of stderr.
      The program's own path in stderr is replaced by its bare file name.

A timeout (default 10 s) or a crash (killed by a signal) is a failure.
Prints one line per program (`ok` / `FAIL`), a short unified diff for each
failure, and exits 1 if anything failed. Stdlib only.
"""
import argparse
import difflib
import os
import re
import signal
import subprocess
import sys

LINE_RE = re.compile(r'line (\d+)')
MAX_DIFF_LINES = 40


def short_diff(expected, actual, label_exp, label_act):
    diff = list(difflib.unified_diff(expected.splitlines(keepends=True),
                                     actual.splitlines(keepends=True),
                                     label_exp, label_act, n=2))
    out = []
    for line in diff[:MAX_DIFF_LINES]:
        out.append(line if line.endswith('\n') else line + '\n\\ No newline at end of file\n')
    if len(diff) > MAX_DIFF_LINES:
        out.append(f'... ({len(diff) - MAX_DIFF_LINES} more diff lines)\n')
    return ''.join(out)


def decode(b):
    return b.decode('utf-8', 'replace')


def summarize_errors(stderr, path):
    # Longest first, so that a relative path never mangles the absolute one.
    for p in sorted({os.path.abspath(path), path}, key=len, reverse=True):
        stderr = stderr.replace(p, os.path.basename(path))
    lines = [l for l in stderr.splitlines() if l.strip()]
    if not lines:
        return 'line ?\n<empty stderr>\n'
    nums = LINE_RE.findall('\n'.join(lines[:-1])) or LINE_RE.findall(lines[-1])
    first = f'line {nums[-1]}' if nums else 'line ?'
    return f'{first}\n{lines[-1]}\n'


def run_one(loopscope, path, mode, extra, timeout):
    """Returns (ok, message)."""
    base = path[:-3]
    golden_path = base + ('.out' if mode == 'lang' else '.err')
    try:
        with open(golden_path, 'rb') as fh:
            golden = fh.read()
    except OSError as e:
        return False, f'cannot read golden: {e}\n'
    cmd = [loopscope, 'run', path] + extra
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
    except OSError as e:
        return False, f'cannot run {cmd[0]}: {e}\n'
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the child and anything it started
        except OSError:
            proc.kill()
        out, err = proc.communicate()
        return False, f'timeout after {timeout} s\n' + decode(err)[-500:]
    rc = proc.returncode
    stdout, stderr = out, decode(err)
    if rc < 0:
        return False, f'crashed (signal {-rc})\n' + stderr[-1500:]
    if mode == 'lang':
        msgs = []
        if rc != 0:
            msgs.append(f'exit status {rc}, expected 0\n' + stderr[-1500:] + ('' if stderr.endswith('\n') else '\n'))
        if stdout != golden:
            msgs.append(short_diff(decode(golden), decode(stdout), golden_path, 'loopscope stdout'))
        return not msgs, ''.join(msgs)
    # errors mode
    msgs = []
    if rc != 1:
        msgs.append(f'exit status {rc}, expected 1\n')
    got = summarize_errors(stderr, path)
    want = decode(golden)
    if got != want:
        msgs.append(short_diff(want, got, golden_path, 'loopscope stderr (summarized)'))
        msgs.append('--- full stderr (last 1500 chars) ---\n' + stderr[-1500:]
                    + ('' if stderr.endswith('\n') else '\n'))
    return not msgs, ''.join(msgs)


def main(argv):
    extra = []
    if '--' in argv:
        i = argv.index('--')
        argv, extra = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--loopscope', required=True, help='path to the loopscope binary')
    ap.add_argument('dir', help='directory of *.py programs with .out/.err goldens')
    ap.add_argument('--mode', choices=('lang', 'errors'), default='lang')
    ap.add_argument('--only', action='append', default=[],
                    help='run only programs whose file name contains SUBSTRING (repeatable)')
    ap.add_argument('--timeout', type=float, default=10.0)
    args = ap.parse_args(argv)
    loopscope = args.loopscope
    if os.sep in loopscope and not os.path.isabs(loopscope):
        loopscope = os.path.abspath(loopscope)
    names = sorted(f for f in os.listdir(args.dir)
                   if f.endswith('.py') and f != 'regen.py'
                   and (not args.only or any(s in f for s in args.only)))
    if not names:
        print('no programs selected', file=sys.stderr)
        return 1
    failed = []
    for name in names:
        path = os.path.join(args.dir, name)
        ok, msg = run_one(loopscope, path, args.mode, extra, args.timeout)
        print(f'{"ok  " if ok else "FAIL"} {name}', flush=True)
        if not ok:
            failed.append(name)
            for line in msg.splitlines():
                print('    ' + line)
            sys.stdout.flush()
    print(f'{len(names) - len(failed)}/{len(names)} passed ({args.mode}: {args.dir})')
    if failed:
        print('failed: ' + ' '.join(failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
