#!/usr/bin/env bash
# `careergraph transitions --grid` against an independent R computation of TraMineR's seqtrate
# (seqtrate_oracle.R: the grid built in base R from the careers CSV, then seqtrate's sums) on a
# simulated population, calendar alignment, yearly, quarterly and monthly grids; every rate
# must agree to 1e-12.
# Usage: seqtrate_oracle.sh PATH/TO/careergraph
set -uo pipefail
cg="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
source "$here/lib.sh"
db="$tmp/s.db"
"$cg" init --db "$db" >/dev/null
"$cg" framework load "$root/frameworks/infrastructure.toml" --db "$db" >/dev/null
"$cg" simulate --people 400 --seed 11 --db "$db" >/dev/null 2>&1
"$cg" export --db "$db" --out "$tmp/careers.csv" >/dev/null
for unit in year quarter month; do
  check "careergraph --grid $unit" 0 "$cg" transitions --grid "$unit" --format json --db "$db"
  cp "$tmp/out" "$tmp/cg-$unit.json"
  if Rscript "$here/seqtrate_oracle.R" "$tmp/careers.csv" "$unit" "$tmp/r-$unit.csv" 2>"$tmp/err"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); echo "FAIL R seqtrate ($unit)"; head -5 "$tmp/err"; continue
  fi
  if "$py" - "$tmp/cg-$unit.json" "$tmp/r-$unit.csv" <<'PYEOF'; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL rates differ ($unit)"; fi
import csv, json, sys
cg = json.load(open(sys.argv[1]))
idx = {s: i for i, s in enumerate(cg["states"])}
r = list(csv.DictReader(open(sys.argv[2])))
seen = set()
bad = 0
for row in r:
    x, y, rate = row["from"], row["to"], float(row["rate"])
    seen.add(x)
    ours = cg["rates"][idx[x]][idx[y]]
    if abs(ours - rate) > 1e-12:
        bad += 1
        if bad <= 5:
            print(f"  {x} -> {y}: careergraph {ours!r}, R {rate!r}")
# States R never saw on the grid: careergraph's rows must be zero.
for s, i in idx.items():
    if s not in seen and any(v != 0 for v in cg["rates"][i]):
        bad += 1
        print(f"  {s}: a non-zero row for a state absent from the grid")
if len(seen) < 5:
    bad += 1
    print(f"  only {len(seen)} states on the grid")
sys.exit(1 if bad else 0)
PYEOF
done
echo "seqtrate_oracle: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
