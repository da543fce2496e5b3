#!/usr/bin/env bash
# Renders `playbook report --format html` of the demo data in headless Chromium (Debian's package) at a
# phone's width and fails when the page does not render: no SVG chart in the DOM Chromium built, or
# a screenshot too small to hold the charts. The screenshot is left in .build/screenshots/.
set -euo pipefail
bin=${1:-.build/debug/playbook}
out=.build/screenshots
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
command -v chromium >/dev/null || { echo "report-screenshot: chromium is not installed (apt-get install chromium)"; exit 1; }
for table in customers orders events; do "$bin" import "$table" "examples/demo/$table.csv" --db "$work/demo.sqlite" >/dev/null; done
"$bin" run --db "$work/demo.sqlite" --as-of 2026-11-23 --format jsonl >/dev/null
"$bin" report --db "$work/demo.sqlite" --as-of 2026-11-23 --from 2026-07-01 --format html --out "$work/report.html" 2>/dev/null
flags=(--headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=390,1800)
timeout 120 chromium "${flags[@]}" --dump-dom "file://$work/report.html" 2>/dev/null >"$work/dom.html"
charts=$(grep -o '<svg' "$work/dom.html" | wc -l)
timeout 120 chromium "${flags[@]}" --screenshot="$out/report.png" "file://$work/report.html" >/dev/null 2>&1
size=$(stat -c %s "$out/report.png" 2>/dev/null || echo 0)
if [ "$charts" -lt 4 ] || [ "$size" -lt 20000 ]; then
  echo "report-screenshot: the report did not render ($charts charts in the DOM, screenshot $size bytes)"
  exit 1
fi
echo "report-screenshot: $charts charts rendered, $out/report.png ($size bytes)"
