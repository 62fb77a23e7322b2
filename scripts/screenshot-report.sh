#!/usr/bin/env bash
# Renders the first screen of a report.html to a PNG with headless Chromium (Debian's `chromium`).
#   scripts/screenshot-report.sh [REPORT_HTML] [PNG]     defaults: outputs/report.html docs/report-first-screen.png
# Exits 0 with a message, writing nothing, when Chromium is not installed (apt-get install chromium).
set -euo pipefail
report="${1:-outputs/report.html}"
png="${2:-docs/report-first-screen.png}"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "screenshot skipped: Chromium is not installed (apt-get install chromium)"
  exit 0
fi
[ -f "$report" ] || { echo "error: $report not found: run 'make run' first" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$tmp/profile" \
  --window-size=1200,900 --screenshot="$tmp/shot.png" "file://$(realpath "$report")" >/dev/null 2>&1
mv "$tmp/shot.png" "$png"
echo "Wrote $png"
