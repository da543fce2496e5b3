#!/usr/bin/env bash
# Benchmark at one size: import, first run, same-day rerun, next-day run, dry run, the report, and a
# hand-written SQL baseline for one step (repurchase `runout - 7d`). Release build; wall time and
# peak RSS from /usr/bin/time. Usage: bash scripts/bench.sh N [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
work=${2:-bench-data/$n}
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3; }
# PLAYBOOK_BIN measures another build (one made elsewhere) instead of building this tree.
[ -n "${PLAYBOOK_BIN:-}" ] || swift build -c release --product playbook >/dev/null
bin=${PLAYBOOK_BIN:-$PWD/.build/release/playbook}
mkdir -p "$work"
[ -f "$work/customers.csv" ] || python3 scripts/gen-bench-data.py "$n" "$work"
db=$work/bench.sqlite
rm -f "$db" "$db"-*
measure() { local label=$1; shift; /usr/bin/time -f "$label|%e|%M" "$@" >/dev/null 2>>"$work/times.txt" || true; }
: >"$work/times.txt"
for table in customers orders events; do measure "import $table" "$bin" import "$table" "$work/$table.csv" --db "$db"; done
measure "first run" "$bin" run --db "$db" --as-of 2026-11-23 --format jsonl
measure "same-day rerun" "$bin" run --db "$db" --as-of 2026-11-23 --format jsonl
measure "next-day run" "$bin" run --db "$db" --as-of 2026-11-24 --format jsonl
measure "dry run (day after)" "$bin" run --db "$db" --as-of 2026-11-25 --format jsonl --dry-run
measure "report (28 days, JSON)" "$bin" report --db "$db" --as-of 2026-11-24 --format json
# A seller's day: 1,000 new order lines imported, then that day's run (only their customers and
# those due are evaluated).
python3 - "$n" "$work/new-orders.csv" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    f.write("id,customer_id,sku,quantity,ordered_at,shipped_at,delivered_at,tracking_no,amount\n")
    for i in range(1000):
        f.write(f"N{i:07d},C{(i * 7919) % n:07d},serum,1,2026-11-24 10:00,2026-11-24,,TWN{i},880.00\n")
PY
measure "import 1,000 new orders" "$bin" import orders "$work/new-orders.csv" --db "$db"
measure "run after that import" "$bin" run --db "$db" --as-of 2026-11-24 --format jsonl
baseline="SELECT count(*) FROM orders o
  WHERE o.sku IN ('cleanser','toner','cream') AND o.delivered_at IS NOT NULL
    AND date(o.delivered_at, '+' || (o.quantity * CASE o.sku WHEN 'toner' THEN 50 ELSE 80 END) || ' days', '-7 days')
        <= '2026-11-25'
    AND NOT EXISTS (SELECT 1 FROM orders n WHERE n.customer_id = o.customer_id AND n.sku = o.sku
                    AND n.ordered_at > o.ordered_at);"
measure "SQL baseline (runout - 7d)" sqlite3 "$db" "$baseline"
# A shop's export is in date order, not grouped by customer: the same order lines sorted by
# ordered_at, imported into a database holding the customers only.
dated=$work/orders-by-date.csv
[ -f "$dated" ] || { head -1 "$work/orders.csv"; tail -n +2 "$work/orders.csv" | LC_ALL=C sort -t, -k5,5 -s; } >"$dated"
rm -f "$work/dated.sqlite" "$work/dated.sqlite"-*
"$bin" import customers "$work/customers.csv" --db "$work/dated.sqlite" >/dev/null 2>&1
measure "import orders in date order" "$bin" import orders "$dated" --db "$work/dated.sqlite"
rm -f "$work/dated.sqlite" "$work/dated.sqlite"-*
echo "| $n customers | wall s | peak RSS MiB |"
echo "|---|---|---|"
grep '|' "$work/times.txt" | awk -F'|' '{ printf "| %s | %s | %.0f |\n", $1, $2, $3 / 1024 }'
