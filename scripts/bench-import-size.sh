#!/usr/bin/env bash
# Import memory against file size (docs/performance.md): orders files of 250 MB and 1 GB for the
# 100k bench customers, each imported into a fresh database holding the customers only. Peak RSS
# must not follow the file: what an import holds is a 4 MiB block, one sort window of rows and the
# ids seen so far. Release build; wall time and peak RSS from /usr/bin/time.
# Usage: bash scripts/bench-import-size.sh [MEGABYTES...]   (default: 250 1024)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(250 1024)
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }
# PLAYBOOK_BIN measures another build (one made elsewhere) instead of building this tree.
[ -n "${PLAYBOOK_BIN:-}" ] || swift build -c release --product playbook >/dev/null
bin=${PLAYBOOK_BIN:-$PWD/.build/release/playbook}
work=bench-data/import-size
mkdir -p "$work"
[ -f bench-data/100000/customers.csv ] || python3 scripts/gen-bench-data.py 100000 bench-data/100000
echo "| orders file | rows | wall s | rows/s | peak RSS MiB |"
echo "|---|---|---|---|---|"
for mb in "${sizes[@]}"; do
  file=$work/orders-${mb}MB.csv
  [ -f "$file" ] || python3 - "$mb" "$file" <<'PY'
import sys
limit, path = int(sys.argv[1]) << 20, sys.argv[2]
with open(path, "w") as f:
    f.write("id,customer_id,sku,quantity,ordered_at,shipped_at,delivered_at,tracking_no,amount\n")
    skus = ("cleanser", "toner", "cream", "serum")
    i = 0
    written = 0
    while written < limit:
        lines = []
        for _ in range(10000):
            i += 1
            day = 1 + i % 28
            lines.append(f"O{i:010d},C{i % 100000:07d},{skus[i % 4]},1,2026-10-{day:02d} 10:00,"
                         f"2026-10-{day:02d},,TW{i},880.00\n")
        chunk = "".join(lines)
        f.write(chunk)
        written += len(chunk.encode())
PY
  rows=$(($(wc -l <"$file") - 1))
  db=$work/db.sqlite
  rm -f "$db" "$db"-*
  "$bin" import customers bench-data/100000/customers.csv --db "$db" >/dev/null
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" import orders "$file" --db "$db" >/dev/null
  read -r wall rss <"$work/time"
  awk -v f="$(du -m "$file" | cut -f1) MB" -v n="$rows" -v w="$wall" -v m="$rss" \
    'BEGIN { printf "| %s | %d | %.1f | %.0f | %.0f |\n", f, n, w, n / w, m / 1024 }'
  rm -f "$db" "$db"-*
done
