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
  limits mode: as errors mode, but the exit status must be 4 (a limit
      stopped the run); when FILE.out exists, stdout must equal it too (what
      the program printed before it was stopped).

FILE.args, when it exists, holds more options for that program alone
(e.g. `--max-instructions 100000`), on one line.

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


def run_process(cmd, timeout):
    """Returns (rc, stdout bytes, stderr str, failure message or None)."""
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
    except OSError as e:
        return None, b'', '', f'cannot run {cmd[0]}: {e}\n'
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            proc.kill()
        out, err = proc.communicate()
        return None, out, decode(err), f'timeout after {timeout} s\n' + decode(err)[-500:]
    if proc.returncode < 0:
        return None, out, decode(err), f'crashed (signal {-proc.returncode})\n' + decode(err)[-1500:]
    return proc.returncode, out, decode(err), None


def with_traceback_line(stdout, stderr, timestamps):
    """The reference runner prints `Traceback: <last line>` on stdout for an
    uncaught exception; Loopscope prints the traceback on stderr (the
    command-line contract).  Rebuild the runner's line from ours; with
    timestamps its time is not in our stderr, so it is compared without."""
    lines = [l for l in stderr.splitlines() if l.strip()]
    last = lines[-1] if lines else ''
    text = decode(stdout)
    if text and not text.endswith('\n'):
        text += '\n'
    return text + ('[TIME] ' if timestamps else '') + 'Traceback: ' + last + '\n'


def strip_traceback_time(golden):
    out = []
    for line in golden.splitlines(keepends=True):
        if line.startswith('[') and '] Traceback: ' in line:
            line = '[TIME] ' + line.split('] ', 1)[1]
        out.append(line)
    return ''.join(out)


GOLDEN_DIR = None


def golden_base(path):
    """Goldens sit beside the program, or in --goldens DIR."""
    if GOLDEN_DIR:
        return os.path.join(GOLDEN_DIR, os.path.basename(path)[:-3])
    return path[:-3]


def run_conformance(loopscope, path, extra, timeout):
    """stdout with and without --timestamps, and the exit status, as the
    reference runner's .out/.tsout/.status say."""
    base = golden_base(path)
    status_path = base + '.status'
    want_rc = int(open(status_path).read().strip()) if os.path.exists(status_path) else 0
    msgs = []
    for suffix, flags in (('.out', []), ('.tsout', ['--timestamps'])):
        with open(base + suffix, 'rb') as fh:
            golden = decode(fh.read())
        rc, out, err, failure = run_process([loopscope, 'run', path] + flags + extra, timeout)
        if failure:
            return False, failure
        if rc != want_rc:
            msgs.append(f'{suffix}: exit status {rc}, expected {want_rc}\n' + err[-1500:])
            continue
        got = with_traceback_line(out, err, bool(flags)) if want_rc == 1 else decode(out)
        if want_rc == 1 and flags:
            golden = strip_traceback_time(golden)
        if got != golden:
            msgs.append(short_diff(golden, got, base + suffix, 'loopscope'))
    return not msgs, ''.join(msgs)


def program_args(path):
    """The options of FILE.args, for this program alone."""
    try:
        with open(path[:-3] + '.args', encoding='utf-8') as fh:
            return fh.read().split()
    except FileNotFoundError:
        return []


def run_one(loopscope, path, mode, extra, timeout):
    """Returns (ok, message)."""
    base = path[:-3]
    extra = program_args(path) + extra
    if mode == 'conformance':
        return run_conformance(loopscope, path, extra, timeout)
    golden_path = base + ('.out' if mode == 'lang' else '.err')
    want_rc = 4 if mode == 'limits' else 1
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
    # errors and limits modes
    msgs = []
    if rc != want_rc:
        msgs.append(f'exit status {rc}, expected {want_rc}\n')
    if mode == 'limits' and os.path.exists(base + '.out'):
        with open(base + '.out', 'rb') as fh:
            want_out = fh.read()
        if stdout != want_out:
            msgs.append(short_diff(decode(want_out), decode(stdout), base + '.out', 'loopscope stdout'))
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
    ap.add_argument('--mode', choices=('lang', 'errors', 'limits', 'conformance'), default='lang')
    ap.add_argument('--only', action='append', default=[],
                    help='run only programs whose file name contains SUBSTRING (repeatable)')
    ap.add_argument('--timeout', type=float, default=10.0)
    ap.add_argument('--goldens', help='directory of the goldens, when not beside the programs')
    args = ap.parse_args(argv)
    global GOLDEN_DIR
    GOLDEN_DIR = args.goldens
    loopscope = args.loopscope
    if os.sep in loopscope and not os.path.isabs(loopscope):
        loopscope = os.path.abspath(loopscope)
    names = sorted(f for f in os.listdir(args.dir)
                   if f.endswith('.py') and f != 'regen.py'
                   and (args.mode != 'conformance' or f[:1].isdigit())
                   and (not args.only or any(s in f for s in args.only)))
    if not names:
        print('no programs selected', file=sys.stderr)
        return 1
    # KNOWN_FAILURES lists programs that do not pass yet, each with the
    # issue that will make them pass; one that passes is an error too, so
    # the list can only shrink.
    known = set()
    known_path = os.path.join(args.dir, 'KNOWN_FAILURES')
    if os.path.exists(known_path):
        for line in open(known_path, encoding='utf-8'):
            line = line.split('#', 1)[0].strip()
            if line:
                known.add(line)
    failed, unexpected = [], []
    for name in names:
        path = os.path.join(args.dir, name)
        ok, msg = run_one(loopscope, path, args.mode, extra, args.timeout)
        if name in known:
            print(f'{"XPASS" if ok else "xfail"} {name}', flush=True)
            if ok:
                unexpected.append(name)
            continue
        print(f'{"ok  " if ok else "FAIL"} {name}', flush=True)
        if not ok:
            failed.append(name)
            for line in msg.splitlines():
                print('    ' + line)
            sys.stdout.flush()
    n_known = len([n for n in names if n in known])
    print(f'{len(names) - len(failed) - n_known}/{len(names)} passed, {n_known} known failures '
          f'({args.mode}: {args.dir})')
    if failed:
        print('failed: ' + ' '.join(failed))
    if unexpected:
        print('passing now, remove from KNOWN_FAILURES: ' + ' '.join(unexpected))
    return 1 if failed or unexpected else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
