#!/usr/bin/env bash
# `careergraph tenure` against R's survival package: for each data set (tests/data/survival/*.csv
# and `careergraph simulate --people 2000 --seed 7`) and selection, runs `tenure --format json`
# (with and without --by-destination) and tests/integration/survival_oracle.R, which computes the
# role spells from the same CSV on its own and runs survfit / summary / quantile (and the
# multi-state survfit for competing risks). Every curve point (time, at risk, events, censored,
# survival, std err, interval; cumulative incidence, std err, interval), the quartiles with their
# intervals and the per-role summaries must agree to 1e-9 (relative for times above 1).
# Usage: survival_oracle.sh PATH/TO/careergraph. Exits non-zero on any difference, printing it.
set -uo pipefail
cg="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="$root/tests/data/survival"
fw="$root/frameworks/infrastructure.toml"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
py=/usr/bin/python3
[ -x "$py" ] || py=python3
if ! command -v Rscript >/dev/null || ! Rscript -e 'library(survival)' >/dev/null 2>&1; then
  echo "FAIL: Rscript with the survival package is needed for this test"
  exit 1
fi

cat >"$tmp/compare.py" <<'EOF'
# compare.py CAREERGRAPH.json ORACLE.tsv UNIT_DAYS LABEL: prints differences, exits 1 if any.
import json, math, sys

cg = json.load(open(sys.argv[1]))
per = float(sys.argv[3])
label = sys.argv[4]
tol = 1e-9
problems = []
worst = [0.0]

def num(s):
    return None if s == "NA" else float(s)

def same(what, ours, theirs, scale=1.0):
    if theirs is not None and math.isnan(theirs):
        theirs = None
    if theirs is not None:
        theirs = theirs / scale
    if ours is None or theirs is None:
        if ours is not None or theirs is not None:
            problems.append(f"{what}: careergraph {ours}, R {theirs}")
        return
    diff = abs(ours - theirs)
    worst[0] = max(worst[0], diff / max(1.0, abs(theirs)))
    if diff > tol * max(1.0, abs(theirs)):
        problems.append(f"{what}: careergraph {ours!r}, R {theirs!r} (differ by {diff:.3g})")

km, quart, roles, cif = [], {}, {}, {}
scalars = {}
for line in open(sys.argv[2]):
    f = line.rstrip("\n").split("\t")
    if f[0] == "km":
        km.append(f[1:])
    elif f[0] == "q":
        quart[int(f[1])] = [num(x) for x in f[2:5]]
    elif f[0] == "role":
        roles[f[1]] = f[2:]
    elif f[0] == "cif":
        cif.setdefault(f[1], []).append(f[2:])
    else:
        scalars[f[0]] = f[1]

if cg["as_of"] != scalars["as_of"]:
    problems.append(f"as_of: careergraph {cg['as_of']}, R {scalars['as_of']}")
for key in ("n", "events"):
    if cg[key] != int(scalars[key]):
        problems.append(f"{key}: careergraph {cg[key]}, R {scalars[key]}")

curve = cg["curve"]
if len(curve) != len(km):
    problems.append(f"curve: careergraph has {len(curve)} event times, R {len(km)}")
for i, (p, r) in enumerate(zip(curve, km)):
    at = f"curve[{i}] (t={r[0]})"
    same(at + ".time", p["time"], num(r[0]), per)
    for key, col in (("at_risk", 1), ("events", 2), ("censored", 3)):
        if p[key] != int(r[col]):
            problems.append(f"{at}.{key}: careergraph {p[key]}, R {r[col]}")
    for key, col in (("survival", 4), ("std_err", 5), ("lower", 6), ("upper", 7)):
        same(f"{at}.{key}", p[key], num(r[col]))

def check_quantiles(what, qs, theirs):  # theirs: {25: [est, lower, upper], ...}
    for q in qs:
        est, lo, hi = theirs[int(q["percent"])]
        same(f"{what} {q['percent']}% time", q["time"], est, per)
        same(f"{what} {q['percent']}% lower", q["lower"], lo, per)
        same(f"{what} {q['percent']}% upper", q["upper"], hi, per)

check_quantiles("quantile", cg["quantiles"], quart)
same("median", cg["median"], quart[50][0], per)

if roles or "by_role" in cg:
    ours = {r["role"]: r for r in cg.get("by_role", [])}
    if sorted(ours) != sorted(roles):
        problems.append(f"by_role: careergraph {sorted(ours)}, R {sorted(roles)}")
    for name in sorted(set(ours) & set(roles)):
        r, o = roles[name], ours[name]
        if (o["n"], o["events"]) != (int(r[0]), int(r[1])):
            problems.append(f"by_role {name}: careergraph n={o['n']} events={o['events']}, R {r[0]} {r[1]}")
        v = [num(x) for x in r[2:]]
        check_quantiles(f"by_role {name}", o["quantiles"],
                        {25: [v[0], v[3], v[6]], 50: [v[1], v[4], v[7]], 75: [v[2], v[5], v[8]]})

if cif or "causes" in cg:
    ours = {c["cause"]: c for c in cg.get("causes", [])}
    if sorted(ours) != sorted(cif):
        problems.append(f"causes: careergraph {sorted(ours)}, R {sorted(cif)}")
    for name in sorted(set(ours) & set(cif)):
        rows, pts = cif[name], ours[name]["curve"]
        if len(rows) != len(pts):
            problems.append(f"cause {name}: careergraph {len(pts)} rows, R {len(rows)}")
        for i, (p, r) in enumerate(zip(pts, rows)):
            at = f"cause {name} [{i}] (t={r[0]})"
            same(at + ".time", p["time"], num(r[0]), per)
            if p["at_risk"] != int(r[1]) or p["events"] != int(r[2]):
                problems.append(f"{at}: careergraph at_risk={p['at_risk']} events={p['events']}, R {r[1]} {r[2]}")
            for key, col in (("incidence", 3), ("std_err", 4), ("lower", 5), ("upper", 6)):
                same(f"{at}.{key}", p[key], num(r[col]))

points = len(km) + sum(len(v) for v in cif.values())
if problems:
    print(f"FAIL {label}: {len(problems)} differences")
    for p in problems[:25]:
        print("  " + p)
    sys.exit(1)
print(f"ok   {label}: n={cg['n']} events={cg['events']} {len(km)} KM rows, {len(cif)} causes, "
      f"{points} points; largest difference {worst[0]:.2g}")
EOF

failed=0
store() {  # store NAME CSV: a fresh store with the framework and the careers
  local db="$tmp/$1.db"
  "$cg" init --db "$db" >/dev/null && "$cg" framework load "$fw" --db "$db" >/dev/null &&
    "$cg" import "$2" --db "$db" >/dev/null || { echo "FAIL: could not import $2"; exit 1; }
}
case_() {  # case_ NAME CSV AS_OF ROLE TRACK LEVEL UNIT ('-' = not given)
  local name="$1" csv="$2" as_of="$3" role="$4" track="$5" level="$6" unit="$7"
  local label="$name as_of=$as_of role=$role track=$track level=$level unit=$unit"
  local args=(tenure --format json --unit "$unit" --db "$tmp/$name.db")
  [ "$as_of" != - ] && args+=(--as-of "$as_of")
  [ "$role" != - ] && args+=(--role "$role")
  [ "$track" != - ] && args+=(--track "$track")
  [ "$level" != - ] && args+=(--by-destination --level "$level")
  if ! "$cg" "${args[@]}" >"$tmp/cg.json" 2>"$tmp/cg.err"; then
    echo "FAIL $label: careergraph failed: $(cat "$tmp/cg.err")"; failed=$((failed + 1)); return
  fi
  if ! Rscript "$root/tests/integration/survival_oracle.R" "$csv" "$fw" "$as_of" "$role" "$track" "$level" \
      "$tmp/r.tsv" 2>"$tmp/r.err"; then
    echo "FAIL $label: R failed: $(cat "$tmp/r.err")"; failed=$((failed + 1)); return
  fi
  local per=1
  [ "$unit" = years ] && per=365.25
  [ "$unit" = months ] && per=30.4375
  "$py" "$tmp/compare.py" "$tmp/cg.json" "$tmp/r.tsv" "$per" "$label" || failed=$((failed + 1))
}

# Hand-written data sets.
for name in small heavy_censoring ties single; do
  store "$name" "$data/$name.csv"
  case_ "$name" "$data/$name.csv" - - - - days
done
case_ small "$data/small.csv" - - - track years
case_ small "$data/small.csv" - - - role months
case_ small "$data/small.csv" 2008-06 - - track days
case_ small "$data/small.csv" - ops - - days
case_ heavy_censoring "$data/heavy_censoring.csv" - - - track days
case_ heavy_censoring "$data/heavy_censoring.csv" 2016 - management role days
case_ ties "$data/ties.csv" - - - track days
case_ ties "$data/ties.csv" - - - role years
case_ ties "$data/ties.csv" 2010-07-01 - technical - days
case_ single "$data/single.csv" - - - track days
case_ single "$data/single.csv" 2012-01-01 - - - days

# A simulated population: 2000 people, seed 7.
"$cg" init --db "$tmp/gen.db" >/dev/null
"$cg" framework load "$fw" --db "$tmp/gen.db" >/dev/null
"$cg" simulate --people 2000 --seed 7 --out "$tmp/simulated.csv" --db "$tmp/gen.db" >/dev/null ||
  { echo "FAIL: simulate"; exit 1; }
store simulated "$tmp/simulated.csv"
case_ simulated "$tmp/simulated.csv" - - - - days
case_ simulated "$tmp/simulated.csv" - - - track years
case_ simulated "$tmp/simulated.csv" - - - role days
case_ simulated "$tmp/simulated.csv" 2015-06-30 - - track days
case_ simulated "$tmp/simulated.csv" - ops - role days
case_ simulated "$tmp/simulated.csv" - - management track days

if [ "$failed" -ne 0 ]; then
  echo "$failed case(s) differ from R"
  exit 1
fi
echo "all cases agree with R"
