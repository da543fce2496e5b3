#!/usr/bin/env bash
# Side-by-side timing of two builds' imports: alternates them, each into a fresh database, for the
# three files of a bench data set, printing wall time, CPU time (user + system) and peak RSS. The
# build machine is noisy (±15 % within a series), so compare builds only this way.
# Usage: bash scripts/time-imports.sh OLD_BIN NEW_BIN DATA_DIR [ROUNDS]   (run from the repo root)
set -euo pipefail
old=$1; new=$2; data=$3; rounds=${4:-3}
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "| build | import | wall s | CPU s | peak RSS MiB |"
echo "|---|---|---|---|---|"
for _ in $(seq 1 "$rounds"); do
  for bin in "$old" "$new"; do
    rm -f "$work"/db.sqlite*
    for table in customers orders events; do
      sync
      /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$bin" import "$table" "$data/$table.csv" \
        --db "$work/db.sqlite" >/dev/null 2>&1
      read -r wall user sys rss <"$work/time"
      awk -v b="$bin" -v t="$table" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" \
        'BEGIN { printf "| %s | %s | %.2f | %.2f | %.0f |\n", b, t, w, u + s, m / 1024 }'
    done
  done
done
