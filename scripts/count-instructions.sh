#!/usr/bin/env bash
# Instructions executed by two builds (callgrind), for a first run and the next day's run on the same
# freshly imported database: unlike wall time on a shared machine (±15 %), the count moves by well
# under 0.5 % between identical runs, so changes of 1-2 % show. Use a small database (the 20k data:
# about 10 minutes in all). valgrind 3.19 cannot read the binaries' DWARF 5, so copies without
# debug information (symbols kept) are measured.
# Usage: bash scripts/count-instructions.sh OLD_BIN NEW_BIN DATABASE   (run from the repo root)
set -euo pipefail
old=$1; new=$2; base=$3
command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "| build | run | instructions |"
echo "|---|---|---|"
for bin in "$old" "$new"; do
  strip --strip-debug -o "$work/bin" "$bin"
  cp "$base" "$work/db.sqlite"; rm -f "$work/db.sqlite-wal" "$work/db.sqlite-shm"
  for day in 2026-11-23 2026-11-24; do
    valgrind --tool=callgrind --callgrind-out-file="$work/out" "$work/bin" run --db "$work/db.sqlite" \
      --as-of "$day" --format jsonl 2>"$work/log" >/dev/null
    count=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/log")
    run=$([ "$day" = 2026-11-23 ] && echo "first run" || echo "next-day run")
    echo "| $bin | $run | $count |"
  done
done
