#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# build-aux/screenshot-tour.sh BUILD OUTDIR [light|dark|zh]...
#
# Looking at the app as a new user would (issue 5): every example of
# data/examples opened in the app under Xvfb, a screenshot 1.5 s in (mid-run
# at the default speed) and one 11.5 s in (the end), per style.  Each run
# gets a throwaway HOME and GSettings in memory, so nothing of the user's
# (last file, drafts, speed) leaks in.  Look at them one by one, or tiled:
#
#   montage OUTDIR/dark-*-end.png -geometry 600x375+4+4 -tile 4x tiles.png
set -eu

[ $# -ge 2 ] || { echo "usage: $0 BUILD OUTDIR [light|dark|zh]..." >&2; exit 2; }
build=$(cd "$1" && pwd)
out=$2
shift 2
styles=${*:-light dark zh}
cd "$(dirname "$0")/.."
mkdir -p "$out"

for style in $styles; do
  case $style in
    light) style_env="" ;;
    dark) style_env="ADW_DEBUG_COLOR_SCHEME=prefer-dark" ;;
    zh) style_env="LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8" ;;
    *) echo "$0: unknown style $style" >&2; exit 2 ;;
  esac
  for f in data/examples/*.py; do
    name=$(basename "$f" .py)
    home=$(mktemp -d)
    # shellcheck disable=SC2086 # style_env is a list of assignments
    env $style_env HOME="$home" XDG_CONFIG_HOME="$home/config" \
      XDG_DATA_HOME="$home/data" XDG_STATE_HOME="$home/state" \
      GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" \
      LOOPSCOPE_LOCALEDIR="$build/po" \
      xvfb-run -a -s '-screen 0 1600x1000x24' sh -c "
        '$build/app/loopscope' '$f' & pid=\$!
        sleep 1.5; import -window root '$out/$style-$name-mid.png'
        sleep 10; import -window root '$out/$style-$name-end.png'
        kill \$pid" >/dev/null 2>&1 || echo "failed: $style $name" >&2
    rm -rf "$home"
  done
done
