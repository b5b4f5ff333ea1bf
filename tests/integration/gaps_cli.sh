#!/usr/bin/env bash
# `careergraph gaps` and `careergraph readiness` on the command line, against numbers worked out
# by hand on tests/data/gaps/ (see its README): a person's gaps for a role in table, JSON and CSV
# (credit, weight, readiness per group and overall, --as-of choosing the assessment that counts,
# unassessed competencies), the role diff, the readiness ranking (order, --top, --include-holders,
# --as-of); the worked example of docs/planning.md on the seed's framework; `simulate` writing
# reproducible assessments (and not with --no-assessments); and every user error exiting 1 with
# a message that names the flag and the value.
# Usage: gaps_cli.sh PATH/TO/careergraph
set -uo pipefail
cg="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="$root/tests/data/gaps"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/lib.sh"
db="$tmp/g.db"

check "gaps help" 0 "$cg" gaps --help
expect_out "gaps help: --person" "--person"
expect_out "gaps help: --as-of" "--as-of"
expect_out "gaps help: the formula" "readiness = 100 × Σ weight × credit / Σ weight"
check "readiness help" 0 "$cg" readiness --help
expect_out "readiness help: --top" "--top"
expect_out "readiness help: --include-holders" "--include-holders"

"$cg" init --db "$db" >/dev/null
"$cg" framework load "$data/framework.toml" --db "$db" >/dev/null
check "readiness on an empty store" 1 "$cg" readiness --role senior --db "$db"
expect_err "empty store message" "the store holds no careers"
check "import the fixture" 0 "$cg" import "$data/careers.csv" --assessments "$data/assessments.csv" --db "$db"

# --- a person's gaps ----------------------------------------------------------------------------
# Person a for senior (weights depth 4, people 2, breadth 4, comms 3; Σ 13): depth 5 ≥ 4 (the
# 2021-06-01 rating), people 2.5 ≥ 2 (the later of two on 2020-03-01), breadth 2 of 3 on a 0..4
# scale: credit 2/3, comms not assessed: credit 0, gap 3 − 1 = 2.
# readiness = 100 (4 + 2 + 4·2/3) / 13 = 66.67; technical (4 + 8/3) / 8 = 83.33; non-technical 2/5 = 40.
check "gaps table" 0 "$cg" gaps --person a --role senior --db "$db"
expect_out "title" "^Gaps of person a for senior \(Senior: track tech, level 2\)$"
expect_out "all assessments" "^Assessments: the latest assessment of each competency$"
expect_out "header" "^competency +group +required +assessed +assessed_on +source +gap +credit +weight$"
expect_out "depth row" "^depth +technical +4 +5\.00 +2021-06-01 +self +0\.00 +1\.00 +4\.00$"
expect_out "people row: the later of a same-day tie" "^people +non-technical +2 +2\.50 +2020-03-01 +manager +0\.00 +1\.00 +2\.00$"
expect_out "breadth row" "^breadth +technical +3 +2\.00 +2020-05-01 +tool +1\.00 +0\.67 +4\.00$"
expect_out "comms row" "^comms +non-technical +3 +not assessed +2\.00 +0\.00 +3\.00$"
expect_out "group header" "^group +requirements +met +unassessed +gap +readiness$"
expect_out "technical" "^technical +2 +1 +0 +1\.00 +83\.33$"
expect_out "non-technical" "^non-technical +2 +1 +1 +2\.00 +40\.00$"
expect_out "readiness line" "^Readiness for senior: 66\.67 of 100 \(2 of 4 requirements met, 1 not assessed, total gap 3\)$"
expect_out "not assessed named" "^Not assessed .*: comms$"
check "gaps json" 0 "$cg" gaps --person a --role senior --format json --db "$db"
json_ok "json totals" "d['person'] == 'a' and d['role'] == 'senior' and abs(d['readiness'] - 200 / 3) < 1e-9 and d['met'] == 2 and d['unassessed'] == 1 and d['gap'] == 3 and d['requirements'] == 4 and d['as_of'] is None"
json_ok "json groups" "[(g['group'], g['requirements'], g['met'], g['unassessed'], g['gap']) for g in d['groups']] == [('technical', 2, 1, 0, 1), ('non-technical', 2, 1, 1, 2)] and abs(d['groups'][0]['readiness'] - 250 / 3) < 1e-9 and abs(d['groups'][1]['readiness'] - 40) < 1e-9"
json_ok "json competencies in framework order" "[c['competency'] for c in d['competencies']] == ['depth', 'people', 'breadth', 'comms']"
json_ok "json credits and weights" "[c['weight'] for c in d['competencies']] == [4, 2, 4, 3] and abs(d['competencies'][2]['credit'] - 2 / 3) < 1e-12 and d['competencies'][3]['credit'] == 0"
json_ok "json unassessed is null" "d['competencies'][3]['assessed'] is None and d['competencies'][3]['assessed_on'] is None and d['competencies'][3]['source'] is None and d['competencies'][3]['gap'] == 2"
json_ok "json assessed" "d['competencies'][1]['assessed'] == 2.5 and d['competencies'][1]['assessed_on'] == '2020-03-01' and d['competencies'][1]['source'] == 'manager'"
check "gaps csv" 0 "$cg" gaps --person a --role senior --format csv --db "$db"
cat >"$tmp/want.csv" <<'CSV'
competency,group,required,assessed,assessed_on,source,gap,credit,weight
depth,technical,4,5,2021-06-01,self,0,1,4
people,non-technical,2,2.5,2020-03-01,manager,0,1,2
breadth,technical,3,2,2020-05-01,tool,1,0.6666666666666666,4
comms,non-technical,3,,,,2,0,3
CSV
if cmp -s "$tmp/out" "$tmp/want.csv"; then passed=$((passed + 1)); else
  failed=$((failed + 1)); echo "FAIL gaps csv differs:"; diff "$tmp/want.csv" "$tmp/out"; fi

# As of 2021-01-01 depth is the 2020-01-01 rating, 3: credit 2/3, gap 1;
# readiness 100 (4·2/3 + 2 + 4·2/3) / 13 = 2200/39 = 56.41.
check "gaps as of" 0 "$cg" gaps --person a --role senior --as-of 2021-01-01 --db "$db"
expect_out "as-of assessments" "^Assessments: the latest assessment of each competency on or before 2021-01-01$"
expect_out "as-of depth row" "^depth +technical +4 +3\.00 +2020-01-01 +manager +1\.00 +0\.67 +4\.00$"
expect_out "as-of readiness" "^Readiness for senior: 56\.41 of 100 \(1 of 4 requirements met, 1 not assessed, total gap 4\)$"
# As of mid-2019 only the year-precision depth 2 counts: 100 (4 · 1/3) / 13 = 400/39; gaps 2 + 1 + 3 + 2.
check "gaps as of 2019" 0 "$cg" gaps --person a --role senior --as-of 2019-06-30 --format json --db "$db"
json_ok "as of 2019" "abs(d['readiness'] - 400 / 39) < 1e-9 and d['gap'] == 8 and d['unassessed'] == 3 and d['competencies'][0]['assessed_on'] == '2019' and d['as_of'] == '2019-06-30'"
check "gaps before any assessment" 0 "$cg" gaps --person a --role senior --as-of 2018 --db "$db"
expect_out "nothing counts yet" "none of the person's assessments is dated on or before 2018-01-01"
expect_out "readiness 0" "^Readiness for senior: 0\.00 of 100"
# Junior: people at the scale minimum is met unassessed or not; comms (2) not assessed:
# 100 (2 + 1 + 2) / 7 = 71.43.
check "gaps junior" 0 "$cg" gaps --person a --role junior --format json --db "$db"
json_ok "junior" "abs(d['readiness'] - 500 / 7) < 1e-9 and d['met'] == 3 and d['gap'] == 1"
check "gaps for a role without requirements" 0 "$cg" gaps --person a --role free --db "$db"
expect_out "no requirement" "^Role free lists no requirement: readiness 100\.$"

# --- the role diff ------------------------------------------------------------------------------
# junior → lead: depth 2 → 3, people 1 → 4, breadth 1 → (absent: 0), comms 2 → 4.
check "diff table" 0 "$cg" gaps --role junior --role lead --db "$db"
expect_out "diff title" "^What lead \(Lead: track mgmt, level 1\) asks beyond junior \(Junior: track tech, level 1\)$"
expect_out "diff header" "^competency +group +junior +lead +delta$"
expect_out "diff breadth" "^breadth +technical +1 +-1$"
expect_out "diff people" "^people +non-technical +1 +4 +3$"
expect_out "diff groups" "^non-technical +2 +0 +5$"
expect_out "diff total" "^lead asks 6 levels more than junior: 3 competencies raised, 1 lowered$"
check "diff json" 0 "$cg" gaps --role junior --role lead --format json --db "$db"
json_ok "diff json" "d['from'] == 'junior' and d['to'] == 'lead' and d['increase'] == 6 and [(c['competency'], c['from'], c['to'], c['delta']) for c in d['competencies']] == [('depth', 2, 3, 1), ('people', 1, 4, 3), ('breadth', 1, None, -1), ('comms', 2, 4, 2)]"
json_ok "diff json groups" "d['groups'] == [{'group': 'technical', 'raised': 1, 'lowered': 1, 'increase': 1}, {'group': 'non-technical', 'raised': 2, 'lowered': 0, 'increase': 5}]"
check "diff csv" 0 "$cg" gaps --role junior --role lead --format csv --db "$db"
expect_out "diff csv header" "^competency,group,from,to,delta$"
expect_out "diff csv breadth" "^breadth,technical,1,,-1$"
check "diff from a role without requirements" 0 "$cg" gaps --role free --role lead --format json --db "$db"
json_ok "diff from free" "d['increase'] == 8 and len(d['competencies']) == 3"

# --- readiness ----------------------------------------------------------------------------------
# For senior, as of the latest date in the data (2023-06-01): p3, p7 and p2 at 100 · 11/13 (gaps
# 1, 1, 1.5), p9 at 100 · 9/13 (its 2023 depth 1), a at 200/3, p8 at 0; p1 holds senior, p5 has
# no assessment, p4 is outside, p6's career ended.
check "readiness json" 0 "$cg" readiness --role senior --format json --db "$db"
json_ok "ranking" "[r['person'] for r in d['ranking']] == ['p3', 'p7', 'p2', 'p9', 'a', 'p8'] and d['candidates'] == 6"
json_ok "ranking dates" "d['roles_on'] == '2023-06-01' and d['as_of'] is None and d['include_holders'] is False"
json_ok "ranking numbers" "abs(d['ranking'][0]['readiness'] - 1100 / 13) < 1e-9 and d['ranking'][0]['largest_gap'] == 'people' and d['ranking'][2]['gap'] == 1.5 and d['ranking'][2]['largest_gap'] == 'depth' and d['ranking'][2]['current_role'] == 'lead' and abs(d['ranking'][3]['readiness'] - 900 / 13) < 1e-9"
json_ok "ranking last" "d['ranking'][5] == {'rank': 6, 'person': 'p8', 'current_role': 'junior', 'readiness': 0, 'met': 0, 'requirements': 4, 'unassessed': 3, 'gap': 9, 'largest_gap': 'depth', 'largest_gap_size': 3}"
check "readiness table" 0 "$cg" readiness --role senior --top 2 --db "$db"
expect_out "readiness title" "^Closest to senior \(Senior: track tech, level 2\)$"
expect_out "readiness candidates" "^Candidates: 6 — people in a role on 2023-06-01 with an assessment that counts \(holders of senior left out\)$"
expect_out "readiness top" "^Showing the first 2 \(--top 0 shows everyone\)$"
expect_out "readiness header" "^rank +person +current_role +readiness +met +requirements +unassessed +gap +largest_gap +largest_gap_size$"
expect_out "readiness first row" "^ +1 +p3 +junior +84\.62 +3 +4 +1 +1\.00 +people +1\.00$"
expect_out "readiness second row" "^ +2 +p7 +junior +84\.62"
if grep -q "p2" "$tmp/out"; then failed=$((failed + 1)); echo "FAIL --top 2 shows a third row"; else passed=$((passed + 1)); fi
check "readiness csv" 0 "$cg" readiness --role senior --format csv --db "$db"
expect_out "readiness csv header" "^rank,person,current_role,readiness,met,requirements,unassessed,gap,largest_gap,largest_gap_size$"
expect_out "readiness csv row" "^1,p3,junior,84\.615[0-9]*,3,4,1,1,people,1$"
check "readiness with holders" 0 "$cg" readiness --role senior --include-holders --top 0 --format json --db "$db"
json_ok "holders" "[r['person'] for r in d['ranking']] == ['p1', 'p3', 'p7', 'p2', 'p9', 'a', 'p8'] and d['ranking'][0]['readiness'] == 100 and d['ranking'][0]['largest_gap'] is None"
# As of 2022-01-01: p8 has not started, p9's depth is still 4 (100).
check "readiness as of" 0 "$cg" readiness --role senior --as-of 2022-01-01 --format json --db "$db"
json_ok "as of ranking" "[r['person'] for r in d['ranking']] == ['p9', 'p3', 'p7', 'p2', 'a'] and d['roles_on'] == '2022-01-01' and d['as_of'] == '2022-01-01'"
check "readiness as of 2000" 0 "$cg" readiness --role senior --as-of 2000 --db "$db"
expect_out "nobody to rank" "^Nobody to rank\.$"

# --- the worked example of docs/planning.md -----------------------------------------------------
ex="$tmp/example.db"
"$cg" init --db "$ex" >/dev/null
"$cg" framework load "$root/frameworks/infrastructure.toml" --db "$ex" >/dev/null
printf 'person_id,role,title,start,end\nd1,design,,2020-01,\n' >"$tmp/example-careers.csv"
cat >"$tmp/example-assessments.csv" <<'CSV'
person_id,competency,level,date,source
d1,leadership,2,2024-03,manager
d1,communication,3,2024-03,manager
d1,organisational-dynamics,2,2024-03,manager
d1,process-and-tactics,3,2024-03,manager
d1,technology-breadth,4,2024-03,manager
d1,technology-depth,4.5,2024-03,manager
CSV
"$cg" import "$tmp/example-careers.csv" --assessments "$tmp/example-assessments.csv" --db "$ex" >/dev/null
check "docs example" 0 "$cg" gaps --person d1 --role infrastructure-architect --format json --db "$ex"
json_ok "docs example: 48.6, 84.4 technical, 35.6 non-technical" "abs(d['readiness'] - 100 * 175 / 12 / 30) < 1e-9 and round(d['readiness'], 1) == 48.6 and d['met'] == 1 and d['unassessed'] == 1 and d['gap'] == 12 and [(g['group'], round(g['readiness'], 1), g['gap']) for g in d['groups']] == [('non-technical', 35.6, 11), ('technical', 84.4, 1)]"

# --- simulate writes assessments ----------------------------------------------------------------
sim="$tmp/sim.db"
"$cg" init --db "$sim" >/dev/null
"$cg" framework load "$root/frameworks/infrastructure.toml" --db "$sim" >/dev/null
check "simulate" 0 "$cg" simulate --people 300 --seed 5 --db "$sim"
expect_out "simulate counts assessments" "^simulated 300 people, [0-9]+ spells, [1-9][0-9]* assessments"
"$cg" export --db "$sim" --out /dev/null --assessments "$tmp/sim-a.csv"
"$py" -c "
import csv, sys
rows = list(csv.DictReader(open('$tmp/sim-a.csv')))
people = {r['person_id'] for r in rows}
ok = rows and len(rows) == 7 * len(people) and all(1 <= float(r['level']) <= 5 and float(r['level']).is_integer() for r in rows) \
  and all('2024-01-01' <= r['date'] <= '2024-12-31' for r in rows) and {r['source'] for r in rows} == {'simulated'}
sys.exit(0 if ok else 1)" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL simulated assessments"; }
sim2="$tmp/sim2.db"
"$cg" init --db "$sim2" >/dev/null
"$cg" framework load "$root/frameworks/infrastructure.toml" --db "$sim2" >/dev/null
"$cg" simulate --people 300 --seed 5 --db "$sim2" >/dev/null
"$cg" export --db "$sim2" --out /dev/null --assessments "$tmp/sim2-a.csv"
if cmp -s "$tmp/sim-a.csv" "$tmp/sim2-a.csv"; then passed=$((passed + 1)); else
  failed=$((failed + 1)); echo "FAIL the same seed gives different assessments"; fi
check "readiness on the simulated store" 0 "$cg" readiness --role it-manager --format json --db "$sim"
json_ok "simulated ranking" "d['candidates'] > 10 and len(d['ranking']) == 10 and all(a['readiness'] >= b['readiness'] for a, b in zip(d['ranking'], d['ranking'][1:])) and all(r['current_role'] != 'it-manager' for r in d['ranking'])"
none="$tmp/none.db"
"$cg" init --db "$none" >/dev/null
"$cg" framework load "$root/frameworks/infrastructure.toml" --db "$none" >/dev/null
check "simulate --no-assessments" 0 "$cg" simulate --people 50 --seed 5 --no-assessments --db "$none"
expect_out "no assessments simulated" "^simulated 50 people, [0-9]+ spells, 0 assessments"
check "readiness without assessments in the store" 1 "$cg" readiness --role it-manager --db "$none"
expect_err "no assessments in the store" "$none: no assessments in the store; import them with careergraph import --assessments FILE"

# --- bad input: exit 1 and a message naming the flag and the value -------------------------------
roles="expected one of 'junior', 'senior', 'lead', 'free'"
check "unknown person" 1 "$cg" gaps --person nobody --role senior --db "$db"
expect_err "unknown person message" "--person 'nobody': no person 'nobody' in the store; \`careergraph people list\` shows who is"
check "unknown role" 1 "$cg" gaps --person a --role nope --db "$db"
expect_err "unknown role message" "--role 'nope': not a role of framework 'g' 1; $roles"
check "unknown role in a diff" 1 "$cg" gaps --role junior --role nope --db "$db"
expect_err "unknown role in a diff message" "--role 'nope': not a role of framework 'g' 1; $roles"
check "destination as a role" 1 "$cg" gaps --person a --role outside --db "$db"
expect_err "destination message" "--role 'outside': a destination of framework 'g' 1 (somewhere people leave for), not a role; $roles"
check "destination in a diff" 1 "$cg" gaps --role outside --role lead --db "$db"
expect_err "destination in a diff message" "--role 'outside': a destination of framework 'g' 1"
check "readiness unknown role" 1 "$cg" readiness --role nope --db "$db"
expect_err "readiness unknown role message" "--role 'nope': not a role of framework 'g' 1; $roles"
check "readiness destination" 1 "$cg" readiness --role outside --db "$db"
expect_err "readiness destination message" "--role 'outside': a destination of framework 'g' 1"
check "readiness without --role" 1 "$cg" readiness --db "$db"
expect_err "readiness without --role message" "--role is required"
check "person with two roles" 1 "$cg" gaps --person a --role junior --role senior --db "$db"
expect_err "person with two roles message" "--person 'a' takes one --role (got 2)"
check "person without a role" 1 "$cg" gaps --person a --db "$db"
expect_err "person without a role message" "--person 'a' takes one --role (got 0)"
check "neither person nor two roles" 1 "$cg" gaps --db "$db"
expect_err "neither message" "gaps: give --person ID --role ROLE (a person's gaps for a role) or --role A --role B (what B asks beyond A); got 0 --role and no --person"
check "one role, no person" 1 "$cg" gaps --role senior --db "$db"
expect_err "one role message" "got 1 --role and no --person"
check "three roles" 1 "$cg" gaps --role junior --role senior --role lead --db "$db"
expect_err "three roles message" "got 3 --role and no --person"
check "person without assessments" 1 "$cg" gaps --person p5 --role senior --db "$db"
expect_err "person without assessments message" "--person 'p5': no assessments for person p5; import them with careergraph import --assessments FILE"
check "as-of with a diff" 1 "$cg" gaps --role junior --role lead --as-of 2020 --db "$db"
expect_err "as-of with a diff message" "--as-of: applies to a person's assessments (--person); the role diff has none"
check "bad as-of" 1 "$cg" gaps --person a --role senior --as-of 2020-13 --db "$db"
expect_err "bad as-of message" "--as-of: '2020-13' is not a date"
check "readiness bad as-of" 1 "$cg" readiness --role senior --as-of soon --db "$db"
expect_err "readiness bad as-of message" "--as-of: 'soon'"
for top in abc -1 2.5; do
  check "bad --top '$top'" 1 "$cg" readiness --role senior "--top=$top" --db "$db"
  expect_err "bad --top '$top' message" "--top '$top': expected a whole number of people, 0 or more (0 = everyone)"
done
check "bad format" 1 "$cg" gaps --person a --role senior --format yaml --db "$db"
check "missing store" 1 "$cg" gaps --role junior --role lead --db "$tmp/missing.db"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
