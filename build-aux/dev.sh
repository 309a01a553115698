#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The two commands of the README, run from the top of the tree:
#
#   ./build-aux/dev.sh app    build _build and start the app on the default
#                             example (needs a display)
#   ./build-aux/dev.sh test   build and run the whole suite headless, twice:
#                             _build (debugoptimized) and _build-sanitize
#                             (AddressSanitizer + UndefinedBehaviorSanitizer)
#
# Both first install the Debian packages that are missing (as root, or
# through sudo for a normal user).
set -eu

cd "$(dirname "$0")/.."

usage () {
  echo "usage: $0 app [FILE.py] | test" >&2
  exit 2
}

[ $# -ge 1 ] || usage
mode=$1
shift

# Only the package step needs root: a normal user is asked for sudo, and
# only when something is missing, so that the app runs as the user.
if [ "$(id -u)" -eq 0 ] || ./build-aux/install-deps.sh --check; then
  ./build-aux/install-deps.sh
else
  sudo ./build-aux/install-deps.sh
fi

# setup_build DIR [meson options...]: configure DIR unless it already is.
# Ninja re-runs meson by itself when a meson.build changes.
setup_build () {
  dir=$1
  shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@"
  fi
}

# Every sanitizer report is fatal: a test that trips one fails.  Tests that
# start GTK turn LeakSanitizer off themselves (see tests/meson.build).
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

XVFB="xvfb-run -a -s '-screen 0 1600x1000x24'"

case $mode in
  app)
    setup_build _build --buildtype=debugoptimized
    meson compile -C _build
    # Uninstalled: take the schema from the build tree.
    GSETTINGS_SCHEMA_DIR="$PWD/_build/data" LOOPSCOPE_LOCALEDIR="$PWD/_build/po" exec _build/app/loopscope "$@"
    ;;

  test)
    status=0
    build_failures=0
    for config in debug sanitize; do
      if [ $config = debug ]; then
        dir=_build
        setup_build $dir --buildtype=debugoptimized
      else
        dir=_build-sanitize
        setup_build $dir --buildtype=debugoptimized \
          -Db_sanitize=address,undefined -Db_lundef=false
      fi
      # A stale log would count an earlier run's results below.
      rm -f $dir/meson-logs/testlog.json
      echo "=== $dir: build"
      if ! meson compile -C $dir; then
        echo "=== $dir: build FAILED"
        status=1
        build_failures=$((build_failures + 1))
        continue
      fi
      echo "=== $dir: test"
      # One X server for the whole run: tests that need a display get one.
      if ! eval "$XVFB" meson test -C $dir --num-processes 2 --print-errorlogs; then
        echo "=== $dir: tests FAILED"
        status=1
      fi
    done

    # The fuzz targets (tests/fuzz/README.md): when clang is here, a short
    # smoke run of each and a replay of every input that ever crashed one,
    # in _build-fuzz (clang, libFuzzer, ASan + UBSan).
    fuzz_dir=
    if command -v clang >/dev/null 2>&1; then
      fuzz_dir=_build-fuzz
      rm -f $fuzz_dir/meson-logs/testlog.json
      echo "=== $fuzz_dir: build"
      if ! ./tests/fuzz/build.sh $fuzz_dir; then
        echo "=== $fuzz_dir: build FAILED"
        status=1
        build_failures=$((build_failures + 1))
      else
        echo "=== $fuzz_dir: fuzz smoke"
        if ! meson test -C $fuzz_dir --no-rebuild --suite fuzz --num-processes 2 --print-errorlogs; then
          echo "=== $fuzz_dir: fuzz smoke FAILED"
          status=1
        fi
      fi
    else
      echo "=== no clang: the fuzz smoke run is skipped"
    fi

    # One closing line over every configuration, from meson's own logs.
    # A configuration that did not build counts as one failure.
    python3 - $build_failures _build _build-sanitize $fuzz_dir <<'PY'
import json, pathlib, sys
counts = {'passed': 0, 'failed': int(sys.argv[1]), 'skipped': 0}
for build in sys.argv[2:]:
    log = pathlib.Path(build) / 'meson-logs' / 'testlog.json'
    if not log.exists():
        continue
    for line in log.read_text().splitlines():
        result = json.loads(line).get('result')
        if result in ('OK', 'EXPECTEDFAIL'):
            counts['passed'] += 1
        elif result == 'SKIP':
            counts['skipped'] += 1
        else:
            counts['failed'] += 1
print(f"tests: {counts['passed']} passed, {counts['failed']} failed, "
      f"{counts['skipped']} skipped")
PY
    exit $status
    ;;

  *)
    usage
    ;;
esac
