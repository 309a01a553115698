#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every export of `loopscope run`, checked as a reader would open it:

- the SVG parses as XML and has one `<g id="lane-…">` per task, named
  after the task (its id and its <title>), plus the loop's and each
  worker thread's;
- the PNG decodes (zlib, filters and all) at the width asked for;
- the PDF renders with poppler (pdftoppm) to a page that is not blank;
- a file that cannot be written: exit 2, one line on stderr, and nothing
  left behind, neither the file nor a temporary one;
- bad option values are usage errors.

usage: check-exports.py LOOPSCOPE EXAMPLES_DIR
"""

import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib

SVG = '{http://www.w3.org/2000/svg}'
failures = []
passed = 0


def check(condition, message):
    global passed
    if condition:
        passed += 1
    else:
        failures.append(message)
    return condition


def run(loopscope, *args):
    env = {k: v for k, v in os.environ.items()
           if k not in ('DISPLAY', 'WAYLAND_DISPLAY', 'XAUTHORITY')}
    return subprocess.run([loopscope, 'run', *args], env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=120)


def tasks_of(trace_json):
    """User tasks and worker threads, from the Chrome trace's track names."""
    with open(trace_json, encoding='utf-8') as f:
        events = json.load(f)['traceEvents']
    tasks, threads = [], []
    for e in events:
        if e.get('ph') == 'M' and e.get('name') == 'thread_name':
            name = e['args']['name']
            if e['tid'] >= 100000:
                task, _, coro = name.partition(' ')
                if not coro.startswith('BaseEventLoop.'):
                    tasks.append(task)
            elif e['tid'] > 100 and not name.endswith('(_do_shutdown)'):
                threads.append(name)
    return tasks, threads


def check_svg(path, tasks, threads, what):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        check(False, f'{what}: the SVG does not parse: {error}')
        return
    check(root.tag == SVG + 'svg', f'{what}: root is {root.tag}')
    lanes = {g.get('id'): g for g in root.iter(SVG + 'g') if (g.get('id') or '').startswith('lane-')}
    check('lane-loop' in lanes, f'{what}: no lane-loop group')
    expected = {'lane-' + t for t in tasks} | {'lane-' + t for t in threads}
    check(set(lanes) == expected | {'lane-loop'},
          f'{what}: lane groups {sorted(lanes)}, want {sorted(expected | {"lane-loop"})}')
    for task in tasks:
        group = lanes.get('lane-' + task)
        if group is None:
            continue
        titles = [t.text or '' for t in group.findall(SVG + 'title')]
        check(any(t.split(' ')[0] == task for t in titles), f'{what}: lane-{task} has titles {titles}')
        check(len(list(group)) > len(titles), f'{what}: lane-{task} draws nothing')
    # every internal reference resolves, so parts did not clash
    ids = {e.get('id') for e in root.iter() if e.get('id')}
    xlink = '{http://www.w3.org/1999/xlink}href'
    for e in root.iter():
        ref = e.get(xlink) or e.get('href')
        if ref and ref.startswith('#') and ref[1:] not in ids:
            check(False, f'{what}: dangling reference {ref}')
            break


def decode_png(path):
    """(width, height, rows of bytes): enough of PNG to know it decodes."""
    with open(path, 'rb') as f:
        data = f.read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise ValueError('not a PNG')
    pos, idat, header = 8, b'', None
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if zlib.crc32(kind + chunk) != struct.unpack('>I', data[pos + 8 + length:pos + 12 + length])[0]:
            raise ValueError(f'bad CRC in {kind}')
        if kind == b'IHDR':
            header = struct.unpack('>IIBBBBB', chunk)
        elif kind == b'IDAT':
            idat += chunk
        pos += 12 + length
    width, height, depth, color = header[:4]
    channels = {2: 3, 6: 4, 0: 1, 4: 2}[color]
    stride = width * channels * depth // 8
    raw = zlib.decompress(idat)
    if len(raw) != height * (stride + 1):
        raise ValueError(f'{len(raw)} bytes of pixels for {width}x{height}')
    return width, height, raw


def check_png(path, width, what):
    try:
        w, h, raw = decode_png(path)
    except (ValueError, zlib.error, KeyError, TypeError) as error:
        check(False, f'{what}: the PNG does not decode: {error}')
        return
    check(w == width, f'{what}: PNG is {w} wide, asked {width}')
    check(100 < h < 32768, f'{what}: PNG is {h} high')
    check(len(set(raw)) > 10, f'{what}: PNG looks blank')


def check_pdf(path, what, tmp):
    pdftoppm = shutil.which('pdftoppm')
    if not check(pdftoppm is not None, 'pdftoppm (poppler-utils) is missing'):
        return
    out = os.path.join(tmp, 'page')
    proc = subprocess.run([pdftoppm, '-r', '40', '-singlefile', path, out], capture_output=True)
    if not check(proc.returncode == 0, f'{what}: pdftoppm failed: {proc.stderr.decode()}'):
        return
    with open(out + '.ppm', 'rb') as f:
        data = f.read()
    # P6 <w> <h> <max>\n<pixels>
    fields = data.split(maxsplit=4)
    pixels = fields[4]
    dark = sum(1 for i in range(0, len(pixels) - 2, 3) if pixels[i] < 160)
    check(fields[0] == b'P6' and dark > 200, f'{what}: the PDF page is blank ({dark} dark pixels)')


def check_usage(loopscope, args, what, leftovers_dir=None, before=None):
    proc = run(loopscope, *args)
    lines = proc.stderr.decode('utf-8', 'replace').splitlines()
    check(proc.returncode == 2, f'{what}: exit {proc.returncode}, want 2')
    check(len(lines) == 1, f'{what}: want one line on stderr, got {lines}')
    if leftovers_dir is not None:
        now = sorted(os.listdir(leftovers_dir))
        check(now == before, f'{what}: left behind {sorted(set(now) - set(before))}')


def main():
    loopscope, examples = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        for example in ('03-create-task-concurrent.py', '10-to-thread-blocking-io.py',
                        '13-get-coro-fixed.py'):
            source = os.path.join(examples, example)
            stem = os.path.join(tmp, example[:-3])
            for width in (900, 1500):
                what = f'{example} --width {width}'
                proc = run(loopscope, source, '--quiet', '--trace-json', stem + '.json',
                           '--svg', stem + '.svg', '--png', stem + '.png', '--pdf', stem + '.pdf',
                           '--width', str(width))
                if not check(proc.returncode == 0, f'{what}: exit {proc.returncode}: {proc.stderr.decode()}'):
                    continue
                tasks, threads = tasks_of(stem + '.json')
                check(len(tasks) >= 2, f'{what}: tasks {tasks}')
                check_svg(stem + '.svg', tasks, threads, what)
                check_png(stem + '.png', width, what)
                check_pdf(stem + '.pdf', what, tmp)
            # a time range, in the dark palette
            proc = run(loopscope, source, '--quiet', '--from', '0.5', '--to', '1.5', '--dark',
                       '--svg', stem + '-range.svg', '--png', stem + '-range.png')
            check(proc.returncode == 0, f'{example} --from/--to: exit {proc.returncode}')
            check_png(stem + '-range.png', 1200, f'{example} --from/--to')
            # the same file twice: the same bytes (no dates, no random ids)
            run(loopscope, source, '--quiet', '--svg', stem + '-again.svg', '--width', '1500')
            with open(stem + '.svg', 'rb') as a, open(stem + '-again.svg', 'rb') as b:
                check(a.read() == b.read(), f'{example}: two SVG exports differ')

        # unwritable outputs: nothing left behind
        source = os.path.join(examples, '01-single-coroutine.py')
        blocker = os.path.join(tmp, 'a-file')
        with open(blocker, 'w') as f:
            f.write('not a directory')
        target_dir = os.path.join(tmp, 'target')
        os.mkdir(target_dir)
        os.mkdir(os.path.join(target_dir, 'taken.svg'))
        before = sorted(os.listdir(target_dir))
        for fmt in ('--svg', '--png', '--pdf'):
            check_usage(loopscope, [source, fmt, os.path.join(blocker, 'out')],
                        f'{fmt} under a file')
            check_usage(loopscope, [source, fmt, os.path.join(tmp, 'no', 'such', 'dir', 'out')],
                        f'{fmt} in a missing directory')
            check_usage(loopscope, [source, fmt, os.path.join(target_dir, 'taken.svg')],
                        f'{fmt} onto a directory', target_dir, before)
        for args in (['--width', 'wide'], ['--width', '10'], ['--from', '-1'], ['--to', 'x'],
                     ['--from', '2', '--to', '1']):
            check_usage(loopscope, [source, '--svg', os.path.join(tmp, 'bad.svg'), *args],
                        'loopscope run ' + ' '.join(args))
        check(not os.path.exists(os.path.join(tmp, 'bad.svg')), 'a usage error still wrote the SVG')

    for failure in failures:
        print('FAIL:', failure)
    print(f'check-exports: {passed} passed, {len(failures)} failed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
