#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the Debian 12 packages that Loopscope needs to build, test and
# run.  Run as root.  It asks dpkg first and calls apt-get only for what is
# missing, so on a ready machine it costs a fraction of a second.
#
#   install-deps.sh           install what is missing (as root)
#   install-deps.sh --check   only say, by the exit status, whether anything is
set -eu

check_only=false
if [ "${1:-}" = "--check" ]; then
  check_only=true
fi

PACKAGES="
  meson
  ninja-build
  pkg-config
  gcc
  libglib2.0-dev
  libgtk-4-dev
  libadwaita-1-dev
  libgtksourceview-5-dev
  libjson-glib-dev
  libcairo2-dev
  libpango1.0-dev
  xvfb
  xauth
  python3
  desktop-file-utils
  appstream
  gettext
  poppler-utils
  imagemagick
  fonts-noto-cjk
  fonts-dejavu-core
  clang
  libclang-rt-14-dev
"

missing=""
for pkg in $PACKAGES; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  if [ "$status" != "installed" ]; then
    missing="$missing $pkg"
  fi
done

if [ -z "$missing" ]; then
  exit 0
fi

if $check_only; then
  exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages:$missing" >&2
  echo "install-deps: run as root (e.g. with sudo) to install them" >&2
  exit 1
fi

echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# Recommends stay on: librsvg2-common (SVG icons) and libgtk-4-bin come
# that way, and GTK draws no icons without the former.
# shellcheck disable=SC2086 # word splitting of the package list is intended
apt-get install -y -q $missing
