#!/usr/bin/env bash
# `careergraph flows` and `careergraph transitions --grid` end to end: --help, the three output
# formats parse and agree with each other, the Sankey SVG is well-formed XML with one node per
# track and destination that has moves, the seqtrate matrices have rows summing to 1 (or 0), and
# bad input (an unknown --where attribute, a malformed date, a bad --grid, an empty store) exits
# 1 with a clear message.
set -uo pipefail
cg="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/lib.sh"
db="$tmp/flows.db"

pycheck() {  # pycheck NAME PROGRAM: the Python program exits 0
  if "$py" -c "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $1"; fi
}

check "help: flows" 0 "$cg" flows --help
expect_out "flows help lists --svg" "--svg"
check "help: transitions" 0 "$cg" transitions --help
expect_out "transitions help lists --grid" "--grid"
expect_out "transitions help lists --time-varying" "--time-varying"

"$cg" init --db "$db" >/dev/null
"$cg" framework load "$root/frameworks/infrastructure.toml" --db "$db" >/dev/null
check "simulate" 0 "$cg" simulate --people 800 --seed 11 --db "$db"

# Flows: the table, JSON, CSV, and the SVG.
check "flows table" 0 "$cg" flows --db "$db"
expect_out "flows header" "^Flows between tracks \([0-9]+ moves of 800 people"
expect_out "cross-track section" "^Cross-track flows"
expect_out "matrix section" "^Track matrix"
expect_out "entries section" "^Entries by track: technical [0-9]+"
expect_out "exits section" "^Exits by track: technical [0-9]+"
check "flows json" 0 "$cg" flows --format json --db "$db" --svg "$tmp/flows.svg"
cp "$tmp/out" "$tmp/flows.json"
pycheck "flows json shape and totals" "
import json
d = json.load(open('$tmp/flows.json'))
assert d['people'] == 800, d['people']
t = d['tracks']
assert t == ['technical', 'management', 'development'], t
assert len(d['track_matrix']) == len(t) ** 2
moves = sum(c['count'] for c in d['track_matrix'])
entries = sum(e['count'] for e in d['entries'])
exits = sum(e['count'] for e in d['exits'])
assert moves + entries + exits == d['total'], (moves, entries, exits, d['total'])
assert entries == sum(x['count'] for x in d['entries_by_track']) == 800  # everyone enters once
cross = sum(c['count'] for c in d['cross_track'])
assert cross == sum(c['count'] for c in d['track_matrix'] if c['from'] != c['to'])
for c in d['track_matrix']:
    if c['from'] == c['to']:
        assert c['promotions'] + c['step_backs'] == c['count'], c
assert all(a['count'] >= b['count'] for a, b in zip(d['cross_track'], d['cross_track'][1:]))
"
pycheck "sankey svg: well-formed, one node per track and destination with moves, widths add up" "
import json, xml.etree.ElementTree as ET
d = json.load(open('$tmp/flows.json'))
ns = {'s': 'http://www.w3.org/2000/svg'}
root = ET.parse('$tmp/flows.svg').getroot()
assert root.tag == '{http://www.w3.org/2000/svg}svg'
nodes = [(g.get('data-side'), g.get('data-id')) for g in root.iter('{http://www.w3.org/2000/svg}g') if g.get('class') == 'node']
out = {}
inn = {}
for c in d['track_matrix']:
    out[c['from']] = out.get(c['from'], 0) + c['count']; inn[c['to']] = inn.get(c['to'], 0) + c['count']
for e in d['entries']:
    out[e['from']] = out.get(e['from'], 0) + e['count']; inn[e['to']] = inn.get(e['to'], 0) + e['count']
for e in d['exits']:
    out[e['from']] = out.get(e['from'], 0) + e['count']; inn[e['to']] = inn.get(e['to'], 0) + e['count']
want_left = [x for x in d['destinations'] + d['tracks'] if out.get(x, 0) > 0]
want_right = [x for x in d['tracks'] + d['destinations'] if inn.get(x, 0) > 0]
assert [i for s, i in nodes if s == 'left'] == want_left, (nodes, want_left)
assert [i for s, i in nodes if s == 'right'] == want_right, (nodes, want_right)
for g in root.iter('{http://www.w3.org/2000/svg}g'):
    if g.get('class') in ('node', 'link'):
        assert g.find('s:title', ns) is not None and g.find('s:title', ns).text
labels = [t.text for t in root.iter('{http://www.w3.org/2000/svg}text')]
assert 'Technical (%d)' % out['technical'] in labels, labels
"
check "flows csv" 0 "$cg" flows --format csv --db "$db"
expect_out "csv header" "^section,from,from_level,from_role,to,to_level,to_role,count,promotions,step_backs,share$"
cp "$tmp/out" "$tmp/flows.csv"
pycheck "csv sections agree with json" "
import csv, json
d = json.load(open('$tmp/flows.json'))
rows = list(csv.DictReader(open('$tmp/flows.csv')))
count = lambda s: sum(int(r['count']) for r in rows if r['section'] == s)
assert count('cross-track') == sum(c['count'] for c in d['cross_track'])
assert count('matrix') == sum(c['count'] for c in d['track_matrix'])
assert count('entries') == sum(c['count'] for c in d['entries'])
assert count('exits') == sum(c['count'] for c in d['exits'])
"
check "flows filtered by period and attribute" 0 "$cg" flows --since 2010 --until 2014-12-31 --where location=London --format json --db "$db" --svg "$tmp/london.svg" --cross-only
pycheck "filtered flows are fewer" "
import json, xml.etree.ElementTree as ET
d = json.load(open('$tmp/out'))
assert 0 < d['people'] < 800 and 0 < d['total']
ET.parse('$tmp/london.svg')
"

# transitions --grid: TraMineR's seqtrate.
check "grid table" 0 "$cg" transitions --grid year --level track --db "$db"
expect_out "grid header" "^Transition rates on a year grid \(calendar alignment, track level; TraMineR's seqtrate, lag 1\)"
expect_out "TraMineR's labels" "^\[technical ->\] +0\.[0-9]{4} "
expect_out "TraMineR's column labels" "\[-> left-it\]"
check "grid json" 0 "$cg" transitions --grid quarter --align career --format json --db "$db"
pycheck "rows of rates sum to 1 or 0" "
import json
d = json.load(open('$tmp/out'))
assert (d['unit'], d['align'], d['level']) == ('quarter', 'career', 'role')
assert len(d['rates']) == len(d['states']) == 14
for row in d['rates']:
    s = sum(row)
    assert abs(s - 1) < 1e-9 or s == 0, s
"
check "grid time-varying json" 0 "$cg" transitions --grid year --time-varying --level track --format json --db "$db"
pycheck "one matrix per period" "
import json
d = json.load(open('$tmp/out'))
assert len(d['periods']) >= 2 and all(len(p['rates']) == len(d['states']) for p in d['periods'])
assert d['periods'][0]['period'] < d['periods'][-1]['period']
"
check "grid csv" 0 "$cg" transitions --grid month --time-varying --level track --format csv --db "$db"
expect_out "grid csv header" "^from,to,period,rate$"
expect_out "grid csv rows" "^technical,technical,[0-9]{4}-[0-9]{2},0\.9"

# Bad input.
check "flows unknown attribute" 1 "$cg" flows --where city=York --db "$db"
expect_err "unknown attribute message" "--where city=York: no person attribute 'city'; the careers have 'location'"
check "flows malformed --since" 1 "$cg" flows --since 2004-13 --db "$db"
expect_err "malformed since message" "--since: '2004-13' is not a date (the month must be 01 to 12)"
check "flows bad --where" 1 "$cg" flows --where city --db "$db"
expect_err "bad where message" "--where 'city': expected ATTR=VALUE"
check "bad --grid" 1 "$cg" transitions --grid weekly --db "$db"
expect_err "bad grid message" "--grid: weekly not in {month,quarter,year}"
check "bad --align" 1 "$cg" transitions --grid year --align birth --db "$db"
check "--time-varying without --grid" 1 "$cg" transitions --time-varying --db "$db"
expect_err "time-varying message" "--time-varying needs --grid month|quarter|year"
check "grid before any career" 1 "$cg" transitions --grid year --until 1990 --db "$db"
expect_err "as-of message" "the as-of date 1990-01-01 is before the first spell starts"
check "grid where nobody" 1 "$cg" transitions --grid year --align career --where location=Atlantis --db "$db"
expect_err "grid nobody message" "--grid year: no career is observed on the grid (--where leaves nobody)"
check "grid unknown attribute" 1 "$cg" transitions --grid year --where city=York --db "$db"
expect_err "grid unknown attribute message" "no person attribute 'city'"
"$cg" init --db "$tmp/empty.db" >/dev/null
"$cg" framework load "$root/frameworks/infrastructure.toml" --db "$tmp/empty.db" >/dev/null
check "flows on an empty store" 1 "$cg" flows --db "$tmp/empty.db" --svg "$tmp/empty.svg"
expect_err "empty store message" "the store holds no careers"
[ ! -e "$tmp/empty.svg" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL an SVG was written for an empty store"; }
check "grid on an empty store" 1 "$cg" transitions --grid year --db "$tmp/empty.db"
expect_err "grid empty store message" "the store holds no careers"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
