#!/usr/bin/env bash
# The browser tests drive the system's Chromium (Debian package `chromium`) through playwright-core;
# browser downloads from elsewhere are not reachable, so `playwright install` is never used.
# Prints the binary's path. Installs the package when it is missing and we are root (as in CI).
set -euo pipefail

binary="${HUB360_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$binary" ]; then
  echo "$binary"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is missing at $binary. Install the Debian package as root: apt-get install -y chromium" >&2
  echo "(or point HUB360_CHROMIUM at a Chromium binary)." >&2
  exit 1
fi
echo "Installing the Debian package chromium (needed by the browser tests)..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq chromium >&2
if [ ! -x "$binary" ]; then
  echo "apt-get installed chromium but $binary is still missing." >&2
  exit 1
fi
echo "$binary"
