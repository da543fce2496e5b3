#!/usr/bin/env bash
# Benchmark: lint 1,000 playbook files (the shipped playbooks copied with distinct ids).
# Reports wall time and peak RSS of a release build. Usage: bash scripts/bench-lint.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000}
swift build -c release --product playbook >/dev/null
bin=.build/release/playbook
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp playbooks/team.yaml "$work/"
i=0
while [ "$i" -lt "$count" ]; do
  for f in playbooks/*.yaml; do
    case "$(basename "$f")" in team.yaml | *.test.yaml) continue ;; esac
    [ "$i" -ge "$count" ] && break
    sed -E "s/^playbook: (.*)$/playbook: \1-$i/" "$f" > "$work/p$i.yaml"
    i=$((i + 1))
  done
done
for run in 1 2 3; do
  /usr/bin/time -f "lint $count files: %e s wall, %M KiB peak RSS" "$bin" lint "$work" | tail -1
done
