#!/usr/bin/env bash
# Round trip: import -> export -> import into a new store -> export gives byte-identical files,
# for CSV and JSON, on a simulated population and on a hand-written file with every tricky
# field (quotes, commas, day/month/year precision, destination spells, attributes, titles).
set -euo pipefail
cg="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

fresh_store() {
  "$cg" init --db "$1" >/dev/null
  "$cg" framework load "$root/frameworks/infrastructure.toml" --db "$1" >/dev/null
}

fail() { echo "FAIL: $*"; exit 1; }

# 1. A simulated population, CSV.
fresh_store "$tmp/a.db"
"$cg" simulate --people 2000 --seed 11 --db "$tmp/a.db" >/dev/null
"$cg" export --db "$tmp/a.db" --out "$tmp/a.csv"
fresh_store "$tmp/b.db"
"$cg" import "$tmp/a.csv" --db "$tmp/b.db" >/dev/null
"$cg" export --db "$tmp/b.db" --out "$tmp/b.csv"
cmp "$tmp/a.csv" "$tmp/b.csv" || fail "CSV export after re-import differs"
echo "ok csv round trip ($(wc -l < "$tmp/a.csv") lines)"

# 2. The same population through JSON.
"$cg" export --db "$tmp/a.db" --out "$tmp/a.json"
fresh_store "$tmp/c.db"
"$cg" import "$tmp/a.json" --db "$tmp/c.db" >/dev/null
"$cg" export --db "$tmp/c.db" --out "$tmp/c.json"
cmp "$tmp/a.json" "$tmp/c.json" || fail "JSON export after re-import differs"
"$cg" export --db "$tmp/c.db" --out "$tmp/c.csv"
cmp "$tmp/a.csv" "$tmp/c.csv" || fail "CSV export of the JSON-imported store differs"
echo "ok json round trip"

# 3. A hand-written file with the awkward cases, and titles resolved through aliases.
cat > "$tmp/tricky.csv" <<'CSV'
person_id,role,title,start,end,location,team
"p,1",helpdesk,"Service Desk Analyst",2001-03-15,2003,"Leeds, UK","The ""A"" team"
"p,1",,Senior Admin,2003,2007-06,"Leeds, UK","The ""A"" team"
"p,1",infrastructure-architect,IT Manager,2007-06,,"Leeds, UK","The ""A"" team"
p2,ops,,1999-12,2004-02-29,,
p2,left-it,,2004-02-29,,,
p3,developer,Ingénieur logiciel,2010,,Zürich,
CSV
fresh_store "$tmp/d.db"
"$cg" import "$tmp/tricky.csv" --db "$tmp/d.db" >/dev/null
"$cg" export --db "$tmp/d.db" --out "$tmp/d1.csv"
grep -q '^"p,1",ops,Senior Admin,2003,2007-06' "$tmp/d1.csv" || fail "title did not resolve to ops: $(cat "$tmp/d1.csv")"
fresh_store "$tmp/e.db"
"$cg" import "$tmp/d1.csv" --db "$tmp/e.db" >/dev/null
"$cg" export --db "$tmp/e.db" --out "$tmp/d2.csv"
cmp "$tmp/d1.csv" "$tmp/d2.csv" || fail "tricky CSV round trip differs"
"$cg" export --db "$tmp/e.db" --format json --out "$tmp/d2.json"
fresh_store "$tmp/f.db"
"$cg" import "$tmp/d2.json" --db "$tmp/f.db" >/dev/null
"$cg" export --db "$tmp/f.db" --out "$tmp/d3.csv"
cmp "$tmp/d1.csv" "$tmp/d3.csv" || fail "tricky CSV -> JSON -> CSV differs"
echo "ok tricky round trip"

# 4. Assessments round trip.
cat > "$tmp/assess.csv" <<'CSV'
person_id,competency,level,date,source
"p,1",leadership,3,2006-01,manager
"p,1",technology-depth,4.5,2006-01-15,self
p2,strategy,1,2003,
CSV
"$cg" import --assessments "$tmp/assess.csv" --db "$tmp/d.db" >/dev/null
"$cg" export --db "$tmp/d.db" --out /dev/null --assessments "$tmp/a1.csv"
"$cg" import --assessments "$tmp/a1.csv" --db "$tmp/e.db" >/dev/null
"$cg" export --db "$tmp/e.db" --out /dev/null --assessments "$tmp/a2.csv"
cmp "$tmp/a1.csv" "$tmp/a2.csv" || fail "assessments round trip differs"
echo "ok assessments round trip"
echo "4 passed, 0 failed"
