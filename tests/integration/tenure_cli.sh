#!/usr/bin/env bash
# `careergraph tenure` on the command line: --help, every --format parses (JSON with its keys,
# CSV with its header), --unit scales times, --svg writes a well-formed SVG (parsed as XML) with
# the curve, band, median and at-risk row, --by-destination adds the causes; bad input (unknown
# --role/--track, a role outside --track, a malformed --as-of, a bad --unit, an empty store, a
# selection with no spells) exits 1 with a clear message.
# Usage: tenure_cli.sh PATH/TO/careergraph
set -uo pipefail
cg="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/lib.sh"
db="$tmp/t.db"

svg_ok() {  # svg_ok NAME FILE PYTHON-EXPR: FILE parses as XML, its root is <svg>, EXPR holds for `s` (the text) and `r` (the root)
  if "$py" -c "
import sys, xml.etree.ElementTree as ET
s = open('$2', encoding='utf-8').read()
r = ET.fromstring(s.encode('utf-8'))
sys.exit(0 if r.tag == '{http://www.w3.org/2000/svg}svg' and ($3) else 1)"; then
    passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $1: SVG check '$3'"; head -c 600 "$2"; echo; fi
}

check "help" 0 "$cg" tenure --help
expect_out "help lists the options" "--by-destination"
expect_out "help lists --as-of" "--as-of"
expect_out "help lists --unit" "--unit"

# An empty store is a user error.
"$cg" init --db "$db" >/dev/null
"$cg" framework load "$root/frameworks/infrastructure.toml" --db "$db" >/dev/null
check "empty store" 1 "$cg" tenure --db "$db"
expect_err "empty store message" "the store holds no careers"

check "simulate" 0 "$cg" simulate --people 400 --seed 11 --db "$db"

# Formats.
check "table" 0 "$cg" tenure --db "$db"
expect_out "table header" "^Time in role, all roles: [0-9]+ spells, [0-9]+ ended, [0-9]+ censored at [0-9-]+ \(still running then\); times in years"
expect_out "table quartiles" "^50 % \(median\) +[0-9.]+"
expect_out "table at risk" "^years +at_risk +survival +lower +upper"
expect_out "table by role" "^track +role +spells +ended +q25 +median +lower +upper +q75"
check "json" 0 "$cg" tenure --format json --db "$db"
json_ok "json keys" "all(k in d for k in ('n', 'events', 'median', 'curve', 'quantiles', 'at_risk', 'by_role', 'as_of', 'unit'))"
json_ok "json curve points" "all(set(p) >= {'time', 'at_risk', 'events', 'survival', 'std_err', 'lower', 'upper'} for p in d['curve']) and len(d['curve']) > 10"
json_ok "json curve decreases" "all(a['survival'] >= b['survival'] for a, b in zip(d['curve'], d['curve'][1:]))"
json_ok "json intervals hold the estimate" "all(p['lower'] is None or p['lower'] <= p['survival'] <= p['upper'] <= 1 for p in d['curve'])"
json_ok "json events add up" "d['events'] == sum(p['events'] for p in d['curve']) and d['n'] == d['events'] + d['censored']"
json_ok "json median is the 50 % quantile" "d['median'] == d['quantiles'][1]['time'] and d['quantiles'][1]['percent'] == 50"
json_ok "json by role adds up" "sum(r['n'] for r in d['by_role']) == d['n']"
json_ok "json at risk starts with everyone" "d['at_risk'][0]['time'] == 0 and d['at_risk'][0]['at_risk'] == d['n']"
cp "$tmp/out" "$tmp/years.json"
check "csv" 0 "$cg" tenure --format csv --db "$db"
expect_out "csv header" "^time,at_risk,events,censored,survival,std_err,lower,upper$"
check "days" 0 "$cg" tenure --format json --unit days --db "$db"
"$py" -c "
import json, sys
y = json.load(open('$tmp/years.json')); d = json.load(open('$tmp/out'))
ok = d['unit'] == 'days' and abs(d['median'] - y['median'] * 365.25) < 1e-6 and all(abs(a['time'] - b['time'] * 365.25) < 1e-6 for a, b in zip(d['curve'], y['curve']))
sys.exit(0 if ok else 1)" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL --unit days scales by 365.25"; }
check "months" 0 "$cg" tenure --format json --unit months --db "$db"
json_ok "months" "d['unit'] == 'months' and abs(d['median'] - json.load(open('$tmp/years.json'))['median'] * 12) < 1e-6"

# Selections and as-of.
check "role" 0 "$cg" tenure --role ops --format json --db "$db"
json_ok "role selection" "d['selection']['role'] == 'ops' and 'by_role' not in d and d['n'] > 0"
check "track" 0 "$cg" tenure --track management --format json --db "$db"
json_ok "track selection" "d['selection']['track'] == 'management' and {r['track'] for r in d['by_role']} == {'management'}"
check "as-of" 0 "$cg" tenure --as-of 2012-06 --format json --db "$db"
json_ok "as-of" "d['as_of'] == '2012-06-01' and d['n'] < json.load(open('$tmp/years.json'))['n']"

# Competing risks.
check "by destination" 0 "$cg" tenure --by-destination --format json --db "$db"
json_ok "causes" "d['level'] == 'track' and len(d['causes']) >= 2 and sum(c['events'] for c in d['causes']) == d['events']"
json_ok "incidences and survival sum to 1" "abs(sum(c['incidence'] for c in d['causes']) + d['curve'][-1]['survival'] - 1) < 1e-9"
check "by destination, role level" 0 "$cg" tenure --by-destination --level role --format json --db "$db"
json_ok "role-level causes" "d['level'] == 'role' and any(c['cause'] == 'outside' for c in d['causes'])"
check "by destination csv" 0 "$cg" tenure --by-destination --format csv --db "$db"
expect_out "by destination csv header" "^time,cause,at_risk,events,incidence,std_err,lower,upper$"
check "by destination table" 0 "$cg" tenure --by-destination --db "$db"
expect_out "by destination table" "^to +events +share_of_exits +incidence +lower +upper"

# SVG.
check "svg" 0 "$cg" tenure --svg "$tmp/km.svg" --db "$db"
svg_ok "survival svg" "$tmp/km.svg" "'class=\"survival\"' in s and 'class=\"band\"' in s and 'class=\"median\"' in s and 'Number at risk' in s and s.count('class=\"at-risk\"') >= 3 and 'time in role (years)' in s"
check "svg in months" 0 "$cg" tenure --svg "$tmp/km-months.svg" --unit months --role ops --db "$db"
svg_ok "months axis" "$tmp/km-months.svg" "'time in role (months)' in s and 'role ops' in s"
check "incidence svg" 0 "$cg" tenure --by-destination --svg "$tmp/cif.svg" --db "$db"
svg_ok "incidence svg" "$tmp/cif.svg" "s.count('class=\"incidence\"') >= 2 and 'data-cause=\"outside\"' in s"

# Bad input: exit 1 and a clear message.
check "unknown role" 1 "$cg" tenure --role architect --db "$db"
expect_err "unknown role message" "--role 'architect': not a role of framework 'infrastructure' 1.0.0; expected one of 'helpdesk'"
check "unknown track" 1 "$cg" tenure --track sales --db "$db"
expect_err "unknown track message" "--track 'sales': not a track of framework 'infrastructure' 1.0.0; expected one of 'technical', 'management', 'development'"
check "role outside track" 1 "$cg" tenure --role ops --track management --db "$db"
expect_err "role outside track message" "--role 'ops' is in track 'technical', not in --track 'management'"
check "malformed as-of" 1 "$cg" tenure --as-of 2020-13 --db "$db"
expect_err "malformed as-of message" "--as-of: '2020-13' is not a date (the month must be 01 to 12); expected YYYY, YYYY-MM or YYYY-MM-DD"
check "garbage as-of" 1 "$cg" tenure --as-of soon --db "$db"
expect_err "garbage as-of message" "--as-of: 'soon'"
check "bad unit" 1 "$cg" tenure --unit weeks --db "$db"
check "bad level" 1 "$cg" tenure --by-destination --level team --db "$db"
check "bad format" 1 "$cg" tenure --format yaml --db "$db"
check "as-of before every spell" 1 "$cg" tenure --as-of 1990 --db "$db"
expect_err "no spells message" "no role spells of all roles start on or before 1990-01-01"
check "svg into a missing directory" 1 "$cg" tenure --svg "$tmp/no/such/dir/x.svg" --db "$db"
check "missing store" 1 "$cg" tenure --db "$tmp/missing.db"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
