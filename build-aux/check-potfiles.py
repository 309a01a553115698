#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""po/POTFILES.in must be sorted, list only files that exist, and list every
file with translatable strings (or they silently never get translated)."""

import pathlib
import re
import sys

TRANSLATABLE = re.compile(r'''\b_\(\s*"|\bN_\(\s*"|\bC_\(\s*"|translatable="yes"''')
SCANNED_DIRS = ('app', 'ui', 'data')
SCANNED_SUFFIXES = ('.c', '.h', '.ui')
# These always carry translatable text.
ALWAYS = ('.desktop.in', '.metainfo.xml.in', '.gschema.xml')


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.')
    lines = (root / 'po' / 'POTFILES.in').read_text(encoding='utf-8').splitlines()
    listed = [line.strip() for line in lines
              if line.strip() and not line.lstrip().startswith('#')]
    errors = []

    if listed != sorted(listed):
        errors.append('po/POTFILES.in is not sorted (LC_ALL=C sort)')
    if len(set(listed)) != len(listed):
        errors.append('po/POTFILES.in lists a file twice')
    for name in listed:
        if not (root / name).is_file():
            errors.append(f'po/POTFILES.in lists {name}, which does not exist')

    for top in SCANNED_DIRS:
        for path in sorted((root / top).rglob('*')):
            if not path.is_file():
                continue
            rel = path.relative_to(root).as_posix()
            if rel.endswith(ALWAYS):
                needed = True
            elif rel.endswith(SCANNED_SUFFIXES):
                needed = TRANSLATABLE.search(path.read_text(encoding='utf-8')) is not None
            else:
                needed = False
            if needed and rel not in listed:
                errors.append(f'{rel} has translatable strings but is not in po/POTFILES.in')

    for error in errors:
        print('FAIL:', error)
    print(f'check-potfiles: {len(listed)} files listed, {len(errors)} problems')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
