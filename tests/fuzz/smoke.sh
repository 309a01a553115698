#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# smoke.sh TARGET SECONDS DICT SEED_DIR... — the CI smoke run of one
# libFuzzer target: SECONDS of fuzzing from the seed corpora, in a fresh
# corpus directory (the seeds are only read).  Any crash, leak, timeout or
# out-of-memory fails the test; the input is left in the build directory
# (fuzz-artifacts/) to be copied to tests/fuzz/crashes/TARGET/.
set -eu

target=$1
seconds=$2
dict=$3
shift 3

name=$(basename "$target")
work=$(mktemp -d "${TMPDIR:-/tmp}/$name.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
artifacts="$(dirname "$target")/fuzz-artifacts/$name/"
mkdir -p "$artifacts"

# libFuzzer's own exit status for a crash or a leak is 77, which meson
# reads as "skipped": a finding would have passed unseen.
"$target" \
  -error_exitcode=1 \
  -max_total_time="$seconds" \
  -timeout=10 \
  -rss_limit_mb=2560 \
  -malloc_limit_mb=1024 \
  -max_len=16384 \
  -dict="$dict" \
  -print_final_stats=1 \
  -artifact_prefix="$artifacts" \
  "$work" "$@"
