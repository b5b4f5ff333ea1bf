#!/usr/bin/env bash
# `careergraph model`, `next` and `plan` from the command line, on a hand-computed fixture (the
# numbers are derived in tests/unit/model_test.cc: same framework, same careers) and on the
# demo's framework: outputs in every format, the model file round trip, and every bad input
# (unknown person or role, a destination as target, an unreachable target — by policy and for
# lack of data —, k < 1, a model of another framework), each with exit code 1 and a message.
# Usage: plan_cli.sh path/to/careergraph. Exit code 0 when every check holds.
set -uo pipefail
cg="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
source "$root/tests/integration/lib.sh"

db="$tmp/f.db"
cat >"$tmp/careers.csv" <<'EOF'
person_id,role,title,start,end,unit
P1,a,,2000-01-01,2002-01-01,x
P1,b,,2002-01-01,,x
P2,a,,2000-01-01,2001-01-01,x
P3,b,,2000-01-01,2003-01-01,y
P3,a,,2003-01-01,,y
P4,b,,2000-01-01,2004-01-01,
P4,c,,2004-01-01,2005-01-01,
EOF
cat >"$tmp/assessments.csv" <<'EOF'
person_id,competency,level,date
P1,depth,2,2004-06-01
EOF
"$cg" init --db "$db" >/dev/null
"$cg" framework load "$root/tests/data/plan/framework.toml" --db "$db" >/dev/null
"$cg" import "$tmp/careers.csv" --assessments "$tmp/assessments.csv" --db "$db" >/dev/null

# --- model fit / show --------------------------------------------------------------------------
check "model fit" 0 "$cg" model fit --out "$tmp/m.json" --db "$db"
json_ok "model file" "d['careergraph_model'] == 1 and d['framework'] == {'id': 'fixture', 'version': '2'} and d['data']['moves'] == 5 and d['data']['as_of'] == '2005-01-01'" "$tmp/m.json"
json_ok "model a shares" "[(m['to'], m['probability']) for m in d['roles'][0]['moves']] == [('b', 0.75), ('outside', 0.25)]" "$tmp/m.json"
json_ok "model b forbidden" "d['roles'][1]['forbidden'] == 1 and d['roles'][1]['moves'][0]['to'] == 'c'" "$tmp/m.json"
json_ok "model in framework" "abs(d['roles'][1]['expected_days_in_framework'] - 2192.5) < 1e-9" "$tmp/m.json"
check "model show" 0 "$cg" model show --model "$tmp/m.json" --db "$db"
expect_out "model show header" "Mobility model of framework fixture 2 — 4 people, 7 spells, 5 moves, as of 2005-01-01"
expect_out "model show a to b" "^a +b +promotion +typical +1 +2.00 +75.0%"
check "model show json" 0 "$cg" model show --model "$tmp/m.json" --format json --db "$db"
json_ok "model show json is the file" "d['roles'][0]['moves'][0]['probability'] == 0.75"
check "model show csv" 0 "$cg" model show --format csv --db "$db"
expect_out "model show csv" "^a,b,promotion,typical,1,2,0.75,"
check "model fit prior 0" 0 "$cg" model fit --prior 0 --db "$db"
json_ok "prior 0" "d['roles'][0]['moves'][0]['probability'] == 0.5"
check "model fit by" 0 "$cg" model fit --by unit --min-group 2 --db "$db"
json_ok "groups" "[g['value'] for g in d['groups']] == ['x', 'y'] and d['groups'][0]['roles'][0]['moves'][0]['probability'] == 2.5 / 4"

# --- next --------------------------------------------------------------------------------------
check "next role" 0 "$cg" next --role a --time-in-role 400 --unit days --format json --db "$db"
json_ok "next role numbers" "d['moves'][0]['to'] == 'b' and abs(d['moves'][0]['probability'] - (0.5 * 4.75 / 7 + 0.5 * 0.75)) < 1e-12 and d['median_time_to_move'] == 331"
check "next person" 0 "$cg" next --person P1 --db "$db"
expect_out "next person header" "Next moves from b \(B\) for P1"
expect_out "next person readiness" "^c +C +cross-track +100.0%"
check "next person json" 0 "$cg" next --person P1 --unit days --format json --db "$db"
# P1 has been in b since 2002-01-01: 1096 days at 2005-01-01; readiness for c: depth 2 of 4,
# credit (2 - 1) / (4 - 1) = 1/3, gap 2.
json_ok "next person time and gap" "d['time_in_role'] == 1096 and d['moves'][0]['to'] == 'c' and d['moves'][0]['gap']['gap'] == 2 and abs(d['moves'][0]['gap']['readiness'] - 100 / 3) < 1e-9"
check "next csv" 0 "$cg" next --role a --format csv --db "$db"
expect_out "next csv header" "^to,name,kind,probability,lower,upper,observed"

# --- plan --------------------------------------------------------------------------------------
check "plan role" 0 "$cg" plan --role a --to c --unit days --format json --db "$db"
json_ok "plan numbers" "d['reach_probability'] == 0.75 and abs(d['expected_time_to_reach'] - 2740.5) < 1e-9 and [p['roles'] for p in d['paths']] == [['a', 'b', 'c']] and d['paths'][0]['probability'] == 0.75 and abs(d['paths'][0]['expected_time'] - 2740.5) < 1e-9"
check "plan table" 0 "$cg" plan --role a --to c --db "$db"
expect_out "plan table reach" "P\(ever holding c before leaving the framework\) = 75.0%; expected time to get there, when they do: 7.50 years"
expect_out "plan table path" "#1  p = 75.0%  expected 7.50 years:  a → b → c"
check "plan person" 0 "$cg" plan --person P1 --to c --format csv --db "$db"
expect_out "plan person csv" "^1,1,b,c,cross-track,1,"
check "plan model file" 0 "$cg" plan --role a --to c --model "$tmp/m.json" --format json --db "$db"
json_ok "plan model file" "d['reach_probability'] == 0.75"

# --- bad input ---------------------------------------------------------------------------------
check "plan unknown person" 1 "$cg" plan --person nobody --to c --db "$db"
expect_err "plan unknown person" "--person nobody: no such person"
check "next unknown person" 1 "$cg" next --person nobody --db "$db"
expect_err "next unknown person" "--person nobody: no such person"
check "plan person left" 1 "$cg" plan --person P2 --to c --db "$db"
expect_err "plan person left" "--person P2: holds no role on 2005-01-01"
check "plan unknown role" 1 "$cg" plan --role zz --to c --db "$db"
expect_err "plan unknown role" "--role zz: no such role (known: a, b, d, c)"
check "plan unknown target" 1 "$cg" plan --role a --to zz --db "$db"
expect_err "plan unknown target" "--to zz: no such role"
check "plan destination target" 1 "$cg" plan --role a --to outside --db "$db"
expect_err "plan destination target" "--to outside: 'outside' is a destination (an exit from the framework), not a role"
check "plan same role" 1 "$cg" plan --role a --to a --db "$db"
expect_err "plan same role" "the plan starts in a already"
check "plan k 0" 1 "$cg" plan --role a --to c --k 0 --db "$db"
expect_err "plan k 0" "--k: expected at least 1 path, got 0"
check "plan max steps 0" 1 "$cg" plan --role a --to c --max-steps 0 --db "$db"
expect_err "plan max steps 0" "--max-steps: expected at least 1 move, got 0"
check "plan policy unreachable" 1 "$cg" plan --role c --to a --db "$db"
expect_err "plan policy unreachable" "a is unreachable from c: no path under the policy"
check "plan no data" 1 "$cg" plan --role a --to d --db "$db"
expect_err "plan no data" "d is unreachable from a: no data: the policy allows a route from a to d"
check "plan step limit" 1 "$cg" plan --role a --to c --max-steps 1 --db "$db"
expect_err "plan step limit" "no path of at most 1 moves from a to c: the most likely takes 2"
check "next both" 1 "$cg" next --role a --person P1 --db "$db"
expect_err "next both" "give --person ID or --role ROLE (one of them)"
check "next destination" 1 "$cg" next --role outside --db "$db"
expect_err "next destination" "'outside' is a destination"
check "model bad prior" 1 "$cg" model fit --prior -1 --db "$db"
expect_err "model bad prior" "--prior: expected a number >= 0"
check "model bad by" 1 "$cg" model fit --by nope --db "$db"
expect_err "model bad by" "--by: no person attribute 'nope' (known: unit)"
sed 's/"version": "2"/"version": "9"/' "$tmp/m.json" >"$tmp/other.json"
check "model other framework" 1 "$cg" plan --role a --to c --model "$tmp/other.json" --db "$db"
expect_err "model other framework" "was fitted for framework fixture 9, but the active framework is fixture 2"
printf '{"careergraph_model": 1' >"$tmp/broken.json"
check "model broken" 1 "$cg" model show --model "$tmp/broken.json" --db "$db"
expect_err "model broken" "broken.json: not valid JSON"
check "model missing file" 1 "$cg" model show --model "$tmp/none.json" --db "$db"

echo "plan_cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
