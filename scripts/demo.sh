#!/usr/bin/env bash
# The demo: a fresh store with the seed's framework and a simulated population of a few
# thousand careers, then the framework's tracks and a population summary.
set -euo pipefail
cg="${1:-build/careergraph}"
here="$(cd "$(dirname "$0")/.." && pwd)"
db="${DEMO_DB:-$here/build/demo.db}"
rm -f "$db" "$db-wal" "$db-shm"

echo "== careergraph demo: the seed's infrastructure career framework =="
"$cg" init --db "$db"
"$cg" framework load "$here/frameworks/infrastructure.toml" --db "$db"
"$cg" simulate --people 3000 --seed 42 --start 2000 --end 2025 \
  --model "$here/frameworks/infrastructure.mobility.toml" --db "$db"
echo
"$cg" framework show --db "$db"
echo
"$cg" summary --db "$db"
echo
echo "== how people really move between the tracks =="
"$cg" transitions --level track --db "$db"
echo
echo "== one career: the first simulated person =="
"$cg" people show P000001 --db "$db"
echo
echo "Store: $db   (try: $cg people list --db $db, $cg export --db $db --format json)"
