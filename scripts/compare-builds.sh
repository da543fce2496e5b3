#!/usr/bin/env bash
# Differential check between two builds: the same database, eight runs with done, log, another
# cap, a dry run, --all and CSV; every output must be byte-identical. For performance work on the
# evaluator or the store. Usage: bash scripts/compare-builds.sh OLD_BIN NEW_BIN DATABASE
set -euo pipefail
old=$1; new=$2; base=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sequence() {
  local bin=$1 out=$2 db=$2/db.sqlite
  mkdir -p "$out"; cp "$base" "$db"
  "$bin" run --db "$db" --as-of 2026-11-23 --format jsonl >"$out/1.jsonl"
  "$bin" run --db "$db" --as-of 2026-11-23 --format jsonl >"$out/2.jsonl"
  sed -n 's/.*"key":"\([^"]*\)".*/\1/p' "$out/2.jsonl" | awk 'NR <= 150' >"$out/keys"
  if [ -s "$out/keys" ]; then "$bin" done $(cat "$out/keys") --db "$db" --at 2026-11-24 >/dev/null; fi
  customer=$(sed -n '1s/.*"customer":"\([^"]*\)".*/\1/p' "$out/1.jsonl")
  if [ -n "$customer" ]; then "$bin" log "$customer" reply --db "$db" --at 2026-11-24 >/dev/null; fi
  "$bin" run --db "$db" --as-of 2026-11-24 --format jsonl >"$out/3.jsonl"
  "$bin" run --db "$db" --as-of 2026-11-26 --format jsonl --max-per-customer 3 >"$out/4.jsonl"
  "$bin" run --db "$db" --as-of 2026-12-10 --format jsonl --dry-run >"$out/5.jsonl"
  "$bin" run --db "$db" --as-of 2026-12-10 --format jsonl >"$out/6.jsonl"
  "$bin" run --db "$db" --as-of 2026-12-11 --format jsonl --all --dry-run >"$out/7.jsonl"
  "$bin" run --db "$db" --as-of 2027-02-01 --format csv >"$out/8.csv"
}
sequence "$old" "$work/old" 2>/dev/null
sequence "$new" "$work/new" 2>/dev/null
status=0
for file in 1.jsonl 2.jsonl 3.jsonl 4.jsonl 5.jsonl 6.jsonl 7.jsonl 8.csv; do
  if cmp -s "$work/old/$file" "$work/new/$file"; then
    echo "$file: same ($(wc -l <"$work/new/$file") lines)"
  else
    echo "$file: DIFFERENT"; status=1
  fi
done
exit $status
