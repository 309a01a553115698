#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""data/examples/examples.json, the example files and the GResource must
agree; where the shared seed material is beside the checkout, the seed
examples must also still be byte-identical to the oracle's cases and their
headings must be the source document's."""

import json
import pathlib
import re
import sys
import xml.etree.ElementTree as ET


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.').resolve()
    examples_dir = root / 'data' / 'examples'
    index = json.loads((examples_dir / 'examples.json').read_text(encoding='utf-8'))
    errors = []

    entries = index.get('examples', [])
    names = [e.get('file') for e in entries]
    on_disk = sorted(p.name for p in examples_dir.glob('*.py'))

    if sorted(names) != on_disk:
        errors.append(f'examples.json lists {sorted(names)}, the folder has {on_disk}')
    if index.get('default') not in names:
        errors.append(f'default example {index.get("default")!r} is not listed')
    for e in entries:
        for key in ('file', 'heading', 'title_zh', 'title_en'):
            if not e.get(key):
                errors.append(f'{e.get("file")}: missing {key}')

    tree = ET.parse(root / 'data' / 'loopscope.gresource.xml')
    bundled = {f.text for f in tree.iter('file')}
    for name in names + ['examples.json']:
        if f'data/examples/{name}' not in bundled:
            errors.append(f'{name} is not in data/loopscope.gresource.xml')

    # The shared material sits beside the checkout on developer machines
    # and in CI; elsewhere these checks are skipped, not failed.
    shared = root.parent / 'shared'
    cases = shared / 'oracle' / 'seed-cases'
    seed_docs = sorted((shared / 'seed').glob('000_*.txt')) if shared.is_dir() else []
    checked_shared = False
    if cases.is_dir():
        checked_shared = True
        seeds = {e.get('seed') for e in entries if e.get('seed')}
        for case in sorted(cases.glob('*.py')):
            if case.stem not in seeds:
                errors.append(f'seed case {case.name} has no example')
        for e in entries:
            if not e.get('seed'):
                continue
            case = cases / (e['seed'] + '.py')
            if not case.is_file():
                errors.append(f'{e["file"]}: no seed case {case.name}')
            elif case.read_bytes() != (examples_dir / e['file']).read_bytes():
                errors.append(f'{e["file"]} differs from {case.name}')
    if seed_docs:
        text = seed_docs[0].read_text(encoding='utf-8')
        headings = set(re.findall(r'^#{3,4}\s+(.+?)\s*$', text, re.M))
        for e in entries:
            if e.get('seed') and e.get('heading') not in headings:
                errors.append(f'{e["file"]}: heading {e.get("heading")!r} is not in the source document')

    for error in errors:
        print('FAIL:', error)
    note = '' if checked_shared else ' (shared seed material not found: seed checks skipped)'
    print(f'check-examples: {len(entries)} examples, {len(errors)} problems{note}')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
