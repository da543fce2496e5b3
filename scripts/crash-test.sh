#!/usr/bin/env bash
# Crash safety: SIGKILL `playbook run` and `playbook import` at random moments, then check that
# the database opens, passes PRAGMA integrity_check, and that the next complete run lists exactly
# what an uninterrupted run lists (no duplicate key, no lost action).
# Usage: bash scripts/crash-test.sh [CUSTOMERS] [TRIALS]   (defaults 10000 and 200)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
trials=${2:-200}
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3; }
swift build -c release --product playbook >/dev/null
bin=$PWD/.build/release/playbook
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/gen-bench-data.py "$n" "$work/data"
base=$work/base.sqlite
for table in customers orders; do "$bin" import "$table" "$work/data/$table.csv" --db "$base" >/dev/null; done
sqlite3 "$base" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
day=2026-11-23
cp "$base" "$work/ref.sqlite"
"$bin" import events "$work/data/events.csv" --db "$work/ref.sqlite" >/dev/null
"$bin" run --db "$work/ref.sqlite" --as-of $day --format jsonl >"$work/expected.jsonl"
start=$(date +%s%N); "$bin" run --db "$base" --as-of $day --format jsonl --dry-run >/dev/null; end=$(date +%s%N)
span_ms=$(( (end - start) / 1000000 * 2 + 50 ))
failures=0; killed=0
for trial in $(seq 1 "$trials"); do
  db=$work/trial.sqlite
  rm -f "$db" "$db"-*
  cp "$base" "$db"
  delay_ms=$(( RANDOM % span_ms ))
  if (( trial % 2 == 0 )); then
    "$bin" import events "$work/data/events.csv" --db "$db" >/dev/null 2>&1 &
  else
    "$bin" import events "$work/data/events.csv" --db "$db" >/dev/null 2>&1
    "$bin" run --db "$db" --as-of $day --format jsonl >/dev/null 2>&1 &
  fi
  pid=$!
  sleep "$(awk "BEGIN { print $delay_ms / 1000 }")"
  if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
  wait "$pid" 2>/dev/null || true
  check=$(sqlite3 "$db" "PRAGMA integrity_check;")
  events=$(sqlite3 "$db" "SELECT count(*) FROM events;")
  expected_events=$(sqlite3 "$work/ref.sqlite" "SELECT count(*) FROM events;")
  if [ "$events" != 0 ] && [ "$events" != "$expected_events" ]; then
    echo "trial $trial: half an import: $events events"; failures=$((failures + 1)); continue
  fi
  [ "$events" = 0 ] && "$bin" import events "$work/data/events.csv" --db "$db" >/dev/null
  "$bin" run --db "$db" --as-of $day --format jsonl >"$work/actual.jsonl"
  duplicates=$(sqlite3 "$db" "SELECT count(*) - count(DISTINCT key) FROM actions;")
  if [ "$check" != ok ] || [ "$duplicates" != 0 ] || ! cmp -s "$work/expected.jsonl" "$work/actual.jsonl"; then
    echo "trial $trial (kill after ${delay_ms} ms): integrity=$check duplicates=$duplicates output differs"
    failures=$((failures + 1))
  fi
done
echo "crash test: $trials trials on $n customers, $killed killed mid-way, $failures failures"
echo "$((trials - failures)) passed, $failures failed"
[ "$failures" = 0 ]
