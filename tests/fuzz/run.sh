#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# run.sh TARGET [SECONDS [EXTRA LIBFUZZER OPTIONS...]] — a long fuzzing run
# of one target (lexer, parser or run) from _build-fuzz (tests/fuzz/build.sh
# makes it).  The corpus grows in _build-fuzz/corpus/TARGET and is reused
# by the next run; the seeds are every program of the test suites, the
# examples, and the programs gen-seeds.py writes.  Crashes land in _build-fuzz/fuzz-artifacts/TARGET/: copy each
# to tests/fuzz/crashes/TARGET/ with a name that says what it was, fix it,
# and `meson test` replays it from then on.  SECONDS defaults to 1800.
set -eu

cd "$(dirname "$0")/../.."
target=$1
seconds=${2:-1800}
shift
[ $# -gt 0 ] && shift

dir=_build-fuzz
exe=$dir/tests/fuzz/fuzz-$target
[ -x "$exe" ] || { echo "run.sh: build first: tests/fuzz/build.sh" >&2; exit 1; }
corpus=$dir/corpus/$target
artifacts=$dir/fuzz-artifacts/$target/
mkdir -p "$corpus" "$artifacts"
# programs that call every built-in with awkward arguments (gen-seeds.py)
[ -d "$dir/seeds" ] || python3 tests/fuzz/gen-seeds.py "$dir/seeds" >/dev/null

# Fuzz a copy, so that the build directory can be rebuilt meanwhile.
copy=$(mktemp "${TMPDIR:-/tmp}/fuzz-$target.XXXXXX")
trap 'rm -f "$copy"' EXIT INT TERM
cp "$exe" "$copy"
chmod +x "$copy"

export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
"$copy" \
  -max_total_time="$seconds" \
  -timeout=10 \
  -rss_limit_mb=2560 \
  -malloc_limit_mb=1024 \
  -max_len=16384 \
  -dict=tests/fuzz/python.dict \
  -print_final_stats=1 \
  -artifact_prefix="$artifacts" \
  "$@" \
  "$corpus" \
  tests/lang tests/lang-errors tests/limits tests/conformance tests/parser/valid tests/parser/errors \
  data/examples "$dir/seeds"
