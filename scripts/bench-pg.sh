#!/usr/bin/env bash
# PostgreSQL at one size (docs/performance.md): import, first run, same-day rerun, next-day run, with
# wall time and the CLI's peak RSS from /usr/bin/time, and the database's size on the server.
# Usage: PLAYBOOK_BENCH_PG=postgres://USER@HOST:PORT bash scripts/bench-pg.sh N
# (any server: `scripts/pg-check.py` shows how to start a throwaway one as the postgres user).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
server=${PLAYBOOK_BENCH_PG:?set PLAYBOOK_BENCH_PG=postgres://USER@HOST:PORT}
work=bench-data/$n
swift build -c release --product playbook >/dev/null
bin=$PWD/.build/release/playbook
[ -f "$work/customers.csv" ] || python3 scripts/gen-bench-data.py "$n" "$work"
name=bench_$n
psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name ENCODING 'UTF8' TEMPLATE template0"
db="$server/$name?sslmode=disable"
measure() { local label=$1; shift; /usr/bin/time -a -o "$work/times-pg.txt" -f "$label|%e|%M" "$@" >/dev/null 2>&1 || true; }
: >"$work/times-pg.txt"
for table in customers orders events; do measure "import $table" "$bin" import "$table" "$work/$table.csv" --db "$db"; done
measure "first run" "$bin" run --db "$db" --as-of 2026-11-23 --format jsonl --force
measure "same-day rerun" "$bin" run --db "$db" --as-of 2026-11-23 --format jsonl --force
measure "next-day run" "$bin" run --db "$db" --as-of 2026-11-24 --format jsonl --force
size=$(psql "$server/$name" -tAc "SELECT pg_size_pretty(pg_database_size(current_database()))")
echo "PostgreSQL, $n customers (seconds | peak RSS of the CLI in MiB); database size $size"
awk -F'|' '{ printf "%-28s %8.2f s %8.0f MiB\n", $1, $2, $3 / 1024 }' "$work/times-pg.txt"
