#!/bin/bash
# Screenshots a study's report.html with headless Chromium, to check that it renders in a
# real browser. Not used by CI.
#
#   Scripts/screenshot-report.sh runs/lecun-…/report.html docs/report-lecun.png [WIDTH] [HEIGHT]
#
# Needs Chromium (on Debian: apt-get install chromium); CHROMIUM overrides the executable.
set -euo pipefail
REPORT=${1:?usage: screenshot-report.sh REPORT.html OUT.png [WIDTH] [HEIGHT]}
OUT=${2:?usage: screenshot-report.sh REPORT.html OUT.png [WIDTH] [HEIGHT]}
WIDTH=${3:-1280}
HEIGHT=${4:-2400}
BROWSER=${CHROMIUM:-}
if [ -z "$BROWSER" ]; then
  for name in chromium chromium-browser google-chrome; do
    if command -v "$name" >/dev/null 2>&1; then BROWSER=$(command -v "$name"); break; fi
  done
fi
if [ -z "$BROWSER" ]; then
  echo "screenshot-report.sh: no Chromium found; install it (Debian: apt-get install chromium) or set CHROMIUM" >&2
  exit 2
fi
if [ ! -f "$REPORT" ]; then
  echo "screenshot-report.sh: $REPORT does not exist; run 'ebm study NAME --out DIR' first" >&2
  exit 2
fi
PROFILE=$(mktemp -d)
trap 'rm -rf "$PROFILE"' EXIT
"$BROWSER" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$PROFILE" \
  --window-size="$WIDTH,$HEIGHT" --screenshot="$(realpath -m "$OUT")" "file://$(realpath "$REPORT")" 2>/dev/null
echo "wrote $OUT"
