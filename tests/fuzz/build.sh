#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# build.sh [BUILD_DIR] — configures (once) and builds the libFuzzer
# targets with clang, AddressSanitizer and UndefinedBehaviorSanitizer, in
# BUILD_DIR (default _build-fuzz at the top of the tree).  Only the fuzz
# targets are compiled; the rest of the tree is configured, not built.
set -eu

cd "$(dirname "$0")/../.."
dir=${1:-_build-fuzz}

if ! command -v clang >/dev/null 2>&1; then
  echo "build.sh: clang is needed (Debian: apt-get install clang libclang-rt-14-dev)" >&2
  exit 1
fi
if [ ! -f "$dir/build.ninja" ]; then
  CC=clang meson setup "$dir" --buildtype=debugoptimized \
    -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false
fi
# regenerate first: a target added since the last configure is then known
ninja -C "$dir" build.ninja >/dev/null
targets=$(cd tests/fuzz && ls fuzz-*.c | sed 's/\.c$//')
# shellcheck disable=SC2086
meson compile -C "$dir" $targets
