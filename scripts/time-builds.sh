#!/usr/bin/env bash
# Side-by-side timing of two builds on the same database: alternates them, each on a fresh copy,
# for a first run and the next day's run, printing wall time, CPU time (user + system) and peak
# RSS. The build machine is noisy (±15 % within a series), so compare builds only this way.
# Usage: bash scripts/time-builds.sh OLD_BIN NEW_BIN DATABASE [ROUNDS]   (run from the repo root)
set -euo pipefail
old=$1; new=$2; base=$3; rounds=${4:-3}
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "| build | run | wall s | CPU s | peak RSS MiB |"
echo "|---|---|---|---|---|"
for _ in $(seq 1 "$rounds"); do
  for bin in "$old" "$new"; do
    cp "$base" "$work/db.sqlite"; rm -f "$work/db.sqlite-wal" "$work/db.sqlite-shm"
    # The copy's dirty pages would otherwise be written to disk during the timed run.
    sync
    for day in 2026-11-23 2026-11-24; do
      /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$bin" run --db "$work/db.sqlite" --as-of "$day" \
        --format jsonl >/dev/null 2>&1
      read -r wall user sys rss <"$work/time"
      run=$([ "$day" = 2026-11-23 ] && echo "first run" || echo "next-day run")
      awk -v b="$bin" -v r="$run" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" \
        'BEGIN { printf "| %s | %s | %.2f | %.2f | %.0f |\n", b, r, w, u + s, m / 1024 }'
    done
  done
done
