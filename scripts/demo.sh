#!/usr/bin/env bash
# The demo (`make demo`): a shop's data (examples/morning/), the seller's Sunday — the list of
# 2026-11-22 run and marked done, all but one phone call — then Monday morning's list.
# Usage: bash scripts/demo.sh BINARY DATABASE [WIDTH]
set -euo pipefail
bin=$1; db=$2; width=${3:-100}
for table in customers orders events; do "$bin" import "$table" "examples/morning/$table.csv" --db "$db"; done
echo "— Sunday 2026-11-22: the seller works through the list, all but a phone call —"
sunday=$("$bin" run --db "$db" --playbooks playbooks --as-of 2026-11-22 --format jsonl 2>/dev/null)
keys=$(grep -v '"step":"month-3"' <<<"$sunday" | sed -n 's/.*"key":"\([^"]*\)".*/\1/p')
# shellcheck disable=SC2086
"$bin" done $keys --db "$db" --at "2026-11-22 18:00" >/dev/null
echo "— Monday 2026-11-23: the morning list —"
"$bin" run --db "$db" --playbooks playbooks --as-of 2026-11-23 --width "$width"
