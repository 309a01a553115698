#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""bench/run.py [--loopscope BIN] [--vrun PATH] [--runs N] [--scale F] [--full] [NAME...]
bench/run.py --scaling [--scales 0.01,0.1,1] [--runs N]
bench/run.py --painter [--painter-bench BIN] [--frames N]
bench/run.py --view [--view-bench BIN] [--frames N]

Runs each benchmark scenario with `loopscope run --quiet` (which always
records the full trace) and with CPython 3.11 under the reference runner,
alternating, several times, on the same machine in the same run, and prints
per scenario the median wall time of each, the ratio, the events recorded,
bytes of trace per event and the peak memory of each.  It checks first
that both print the same thing.

The scenarios' sizes are the constants at their top; --scale multiplies
the first one (tasks, items, calls) so a quick run stays quick; --full runs
them at the sizes issue 6 names.  --runs is the least number of runs of
each side; a scenario whose CPython runs take under two seconds runs at
least nine times each.

--scaling runs `fanout` with loopscope alone at three sizes, 10x apart
(--scales, as shares of issue 6's size), and prints the time, the events
and the time per event of each: the cost should grow linearly with the
events, so the time per event stays flat.

--painter runs the painter's benchmark (bench/painter-bench.c): a
one-million-event trace drawn offscreen at 1920x1080, full view and 1 %
of the run at several places, in milliseconds per frame.

--view runs the same trace through the timeline widget, GTK and GSK
(bench/view-bench.c), under xvfb-run when there is no display."""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIOS = ['fanout', 'sleep0', 'queue', 'tree', 'threads']
# the least number of runs of each side of a scenario whose CPython runs
# take under SHORT_SECONDS (main)
SHORT_RUNS = 9
SHORT_SECONDS = 2.0
# the constant each scenario scales by, and its quick default
SCALED = {'fanout': ('TASKS', 0.05), 'sleep0': ('TASKS', 0.1), 'queue': ('ITEMS', 0.04),
          'tree': ('DEPTH', None), 'threads': ('CALLS', 0.1)}


def scaled_source(name, scale):
    with open(os.path.join(HERE, name + '.py'), encoding='utf-8') as fh:
        text = fh.read()
    const, _ = SCALED[name]
    if scale is None or scale == 1.0 or const == 'DEPTH':
        if const == 'DEPTH' and scale is not None and scale < 1.0:
            text = re.sub(r'^DEPTH = \d+', 'DEPTH = 6', text, flags=re.M)
        return text

    def repl(m):
        return f'{const} = {max(1, int(int(m.group(1)) * scale))}'
    return re.sub(rf'^{const} = (\d+)', repl, text, flags=re.M)


def run(cmd):
    """Wall seconds, stdout, stderr, exit status."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    return elapsed, out, err.decode('utf-8', 'replace'), proc.returncode


def peak_rss_mb(cmd):
    """Peak resident memory of one run, from wait4's rusage."""
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    _, _, usage = os.wait4(pid, 0)
    return usage.ru_maxrss / 1024.0


def scaling(args):
    """fanout at several sizes: time, events and time per event."""
    scales = [float(x) for x in args.scales.split(',')]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for scale in scales:
            path = os.path.join(tmp, f'fanout-{scale}.py')
            with open(path, 'w', encoding='utf-8') as fh:
                fh.write(scaled_source('fanout', scale))
            cmd = [args.loopscope, 'run', path]
            _, _, err, rc = run(cmd + ['--stats', '--quiet'])
            if rc != 0:
                sys.exit(f'fanout at scale {scale}: loopscope exited {rc}: {err.strip()}')
            stats = dict(re.findall(r'(\S+)=(\S+)', err.splitlines()[-1])) if err else {}
            times = [run(cmd + ['--quiet'])[0] for _ in range(args.runs)]
            events = int(stats.get('events', '0'))
            median = statistics.median(times)
            rows.append((scale, median, events, median / events * 1e6 if events else 0,
                         peak_rss_mb(cmd + ['--quiet'])))
            print(f'fanout {scale}: done', file=sys.stderr, flush=True)
    print(f'{"scale":>6} {"time":>9} {"events":>11} {"us/event":>9} {"vs first":>9} {"peak MB":>8}')
    for r in rows:
        print(f'{r[0]:>6} {r[1]:>8.3f}s {r[2]:>11,} {r[3]:>9.3f} {r[3] / rows[0][3] if rows[0][3] else 0:>8.2f}x '
              f'{r[4]:>8.1f}')
    return 0


def painter(args):
    """The painter's benchmark, as built by meson."""
    cmd = [args.painter_bench, '--frames', str(args.frames)]
    return subprocess.call(cmd)


def view(args):
    """The widget's benchmark, as built by meson, on a display."""
    cmd = [args.view_bench, '--frames', str(args.frames)]
    if not os.environ.get('DISPLAY') and not os.environ.get('WAYLAND_DISPLAY'):
        cmd = ['xvfb-run', '-a', '-s', '-screen 0 1920x1080x24'] + cmd
    return subprocess.call(cmd)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--loopscope', default=os.path.join(HERE, '..', '_build', 'app', 'loopscope'))
    ap.add_argument('--vrun', default=os.path.join(HERE, '..', '..', 'shared', 'oracle', 'vrun.py'))
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--full', action='store_true', help='the sizes issue 6 names')
    ap.add_argument('--scale', type=float, default=None)
    ap.add_argument('--scaling', action='store_true', help='fanout at 3 sizes: cost per event')
    ap.add_argument('--scales', default='0.01,0.1,1', help='shares of the full size for --scaling')
    ap.add_argument('--painter', action='store_true', help="the painter's benchmark")
    ap.add_argument('--painter-bench', default=os.path.join(HERE, '..', '_build', 'bench', 'painter-bench'))
    ap.add_argument('--view', action='store_true', help="the widget's benchmark, through GTK")
    ap.add_argument('--view-bench', default=os.path.join(HERE, '..', '_build', 'bench', 'view-bench'))
    ap.add_argument('--frames', type=int, default=20, help='frames per view for --painter and --view')
    ap.add_argument('names', nargs='*')
    args = ap.parse_args(argv)
    if args.scaling:
        return scaling(args)
    if args.painter:
        return painter(args)
    if args.view:
        return view(args)
    if not os.path.exists(args.vrun):
        sys.exit(f'bench/run.py: no reference runner at {args.vrun}: pass --vrun PATH/TO/vrun.py')
    names = args.names or SCENARIOS
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            scale = 1.0 if args.full else (args.scale if args.scale is not None else SCALED[name][1])
            path = os.path.join(tmp, name + '.py')
            with open(path, 'w', encoding='utf-8') as fh:
                fh.write(scaled_source(name, scale))
            ours = [args.loopscope, 'run', path]
            theirs = [sys.executable, args.vrun, path]
            _, out_ours, err_ours, rc_ours = run(ours + ['--stats'])
            _, out_theirs, _, rc_theirs = run(theirs)
            same = out_ours == out_theirs and rc_ours == rc_theirs
            stats = dict(re.findall(r'(\S+)=(\S+)', err_ours.splitlines()[-1])) if err_ours else {}
            t_ours, t_theirs = [], []
            # A scenario whose runs take well under a second is measured
            # more often (SHORT_RUNS pairs at least): on a shared VM a
            # burst of the host's load slows a 30 ms run by half for a
            # few runs in a row, and a median of three or five can land
            # on it; a run of CPython's, ten times longer, averages it out.
            while len(t_ours) < args.runs or (len(t_ours) < SHORT_RUNS and max(t_theirs) < SHORT_SECONDS):
                t_ours.append(run(ours + ['--quiet'])[0])
                t_theirs.append(run(theirs)[0])
            m_ours, m_theirs = statistics.median(t_ours), statistics.median(t_theirs)
            rows.append((name, scale, m_ours, m_theirs, m_theirs / m_ours if m_ours else 0,
                         stats.get('events', '?'), stats.get('bytes-per-event', '?'),
                         peak_rss_mb(ours + ['--quiet']), peak_rss_mb(theirs), same))
            print(f'{name}: done', file=sys.stderr, flush=True)
    print(f'{"scenario":10} {"scale":>6} {"loopscope":>10} {"CPython":>9} {"speed-up":>9} '
          f'{"events":>10} {"B/event":>8} {"peak MB":>8} {"CPy MB":>7} output')
    for r in rows:
        print(f'{r[0]:10} {r[1] if r[1] is not None else 1:>6} {r[2]:>9.3f}s {r[3]:>8.3f}s {r[4]:>8.2f}x '
              f'{r[5]:>10} {r[6]:>8} {r[7]:>8.1f} {r[8]:>7.1f} {"same" if r[9] else "DIFFERENT"}')
    return 0 if all(r[9] for r in rows) else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
