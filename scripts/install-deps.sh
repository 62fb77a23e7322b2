#!/usr/bin/env bash
# Installs the Debian packages PlacePlanning builds against, if any is missing.
# LAPACKE over OpenBLAS for least squares; libxlsxwriter for the Excel workbook; pkg-config so SwiftPM finds them.
set -euo pipefail

packages=(liblapacke-dev libopenblas-dev libxlsxwriter-dev pkg-config)

missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "error: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi

echo "Installing ${missing[*]} ..."
# apt may be busy (another apt run, unattended upgrades): retry while the dpkg lock is held.
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  if $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
     && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
    exit 0
  fi
  echo "apt-get failed (attempt $attempt; the dpkg lock may be busy); retrying in 15 s" >&2
  sleep 15
done
echo "error: could not install ${missing[*]}" >&2
exit 1
