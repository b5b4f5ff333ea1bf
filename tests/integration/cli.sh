#!/usr/bin/env bash
# The command line end to end: --help on every command, exit codes (0 ok, 1 user error),
# --format table|json|csv giving parseable output, the demo flow, and people show.
set -uo pipefail
cg="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/lib.sh"
db="$tmp/cli.db"


# --help everywhere.
for sub in "" "init" "framework" "framework validate" "framework load" "framework list" \
           "framework show" "framework export" "import" "export" "people" "people list" "people attributes" \
           "people show" "simulate" "summary" "transitions" "titles" "paths"; do
  # shellcheck disable=SC2086
  check "help: $sub" 0 "$cg" $sub --help
  expect_out "help text: $sub" "Usage|USAGE|Options|OPTIONS"
done

check "no subcommand is a usage error" 1 "$cg"
check "unknown subcommand" 1 "$cg" frobnicate
check "bad flag value" 1 "$cg" summary --format yaml --db "$db"
check "missing store" 1 "$cg" summary --db "$tmp/missing.db"
expect_err "missing store message" "no such store; run \`careergraph init\`"
[ ! -e "$tmp/missing.db" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL a missing store was created"; }

check "init" 0 "$cg" init --db "$db"
check "init again is fine" 0 "$cg" init --db "$db"
check "transitions before a framework" 1 "$cg" transitions --db "$db"
check "import before a framework" 1 "$cg" import "$root/tests/bad_input/baseline.csv" --db "$db"
expect_err "import before a framework message" "no framework loaded"
check "validate the bundled framework" 0 "$cg" framework validate "$root/frameworks/infrastructure.toml"
expect_out "validate summary" "ok — framework 'infrastructure' 1.0.0: 3 tracks, 12 roles, 7 competencies"
check "load" 0 "$cg" framework load "$root/frameworks/infrastructure.toml" --db "$db"
check "simulate" 0 "$cg" simulate --people 500 --seed 3 --db "$db"
expect_out "simulate summary" "simulated 500 people"

check "framework show" 0 "$cg" framework show --db "$db"
expect_out "technical track in order" "technical +\(technical\) Helpdesk → Ops → Deployment → Design → Scripting"
expect_out "management track in order" "management +\(management\) Ops Manager → Engineering Manager → IT Manager → Infrastructure Architect"
check "framework show json" 0 "$cg" framework show --format json --db "$db"
json_ok "framework json" "d['id'] == 'infrastructure' and len(d['roles']) == 12"
check "framework show csv" 0 "$cg" framework show --format csv --db "$db"
expect_out "framework csv header" "^role,name,track,level,aliases,requires$"
check "framework list json" 0 "$cg" framework list --format json --db "$db"
json_ok "framework list" "d[0]['id'] == 'infrastructure' and d[0]['active'] is True"
check "framework export toml" 0 "$cg" framework export --format toml --db "$db" --out "$tmp/fw.toml"
check "exported toml validates" 0 "$cg" framework validate "$tmp/fw.toml"
check "unknown framework id" 1 "$cg" framework show nope --db "$db"
expect_err "unknown framework message" "no framework 'nope' in the store"

check "summary json" 0 "$cg" summary --format json --db "$db"
json_ok "summary rows" "len(d) == 14 and sum(r['spells'] for r in d) > 500"
json_ok "everyone is somewhere now: in a role, outside or in another destination" "sum(r['current'] for r in d) == 500"
check "summary csv" 0 "$cg" summary --format csv --db "$db"
expect_out "summary csv header" "^track,role,level,people_ever,spells,current,mean_years_completed$"
check "people list" 0 "$cg" people list --limit 5 --format json --db "$db"
json_ok "people list" "len(d) == 5 and d[0]['person_id'] == 'P000001'"
check "people attributes" 0 "$cg" people attributes --format json --db "$db"
json_ok "people attributes: every person counted once per attribute, values sorted" \
  "len(d) > 1 and all(sum(r['people'] for r in d if r['attribute'] == a) == 500 for a in {r['attribute'] for r in d}) and all([r['value'] for r in d if r['attribute'] == a and r['value'] is not None] == sorted(r['value'] for r in d if r['attribute'] == a and r['value'] is not None) for a in {r['attribute'] for r in d})"
check "people show" 0 "$cg" people show P000001 --db "$db"
expect_out "timeline header" "start +end +years +role +track +level +title +move"
expect_out "first move is an entry" "entry"
check "people show json" 0 "$cg" people show P000001 --format json --db "$db"
json_ok "people show json" "d['person_id'] == 'P000001' and d['timeline'][0]['move'] == 'entry' and all(isinstance(r['years'], (float, type(None))) for r in d['timeline'])"
check "unknown person" 1 "$cg" people show nobody --db "$db"
expect_err "unknown person message" "no person 'nobody' in the store"
check "simulate into existing people fails" 1 "$cg" simulate --people 10 --seed 3 --db "$db"
expect_err "already in the store" "person 'P000001' is already in the store; use --replace"
check "simulate --replace" 0 "$cg" simulate --people 10 --seed 3 --replace --db "$db"
check "simulate to a file" 0 "$cg" simulate --people 20 --seed 1 --out "$tmp/sim.json" --db "$db"
json_ok "simulated json" "len(d) == 20" "$tmp/sim.json"
check "export json to stdout" 0 "$cg" export --format json --db "$db"
json_ok "export json" "len(d) == 500"

# Transitions: the JSON shape, rates that sum to 1 per origin, and bad flags.
check "transitions json" 0 "$cg" transitions --format json --db "$db"
json_ok "transitions shape" "d['level'] == 'role' and d['total'] == sum(m['count'] for m in d['moves']) and all(abs(sum(m['rate'] for m in d['moves'] if m['from'] == f) - 1) < 1e-9 for f in {m['from'] for m in d['moves']})"
json_ok "every person enters once" "sum(m['count'] for m in d['moves'] if m['kind'] == 'entry') == d['people'] == 500"
check "transitions by track" 0 "$cg" transitions --level track --format csv --db "$db"
expect_out "track csv" "^technical,management,cross-track,[0-9]+,"
check "transitions where" 0 "$cg" transitions --where location=London --format json --db "$db"
json_ok "where filters people" "0 < d['people'] < 500"
check "transitions bad --since" 1 "$cg" transitions --since 2004-13 --db "$db"
expect_err "bad since message" "--since: '2004-13' is not a date (the month must be 01 to 12); expected YYYY, YYYY-MM or YYYY-MM-DD"
check "transitions bad --where" 1 "$cg" transitions --where city --db "$db"
expect_err "bad where message" "--where 'city': expected ATTR=VALUE"
check "transitions unknown attribute" 1 "$cg" transitions --where city=York --db "$db"
expect_err "unknown attribute message" "no person attribute 'city'; the careers have 'location'"
"$cg" init --db "$tmp/empty.db" >/dev/null
"$cg" framework load "$root/frameworks/infrastructure.toml" --db "$tmp/empty.db" >/dev/null
check "transitions on an empty store" 1 "$cg" transitions --db "$tmp/empty.db"
expect_err "empty store message" "the store holds no careers"

# Titles: architects titled IT Manager, and bad flags.
check "titles for a title" 0 "$cg" titles --title "it manager" --format json --db "$db"
json_ok "IT Manager carried by architects" "any(r['role'] == 'infrastructure-architect' and r['alias_of'] == 'it-manager' for r in d)"
check "titles unknown role" 1 "$cg" titles --role architect --db "$db"
expect_err "titles unknown role message" "--role 'architect': not a role of framework 'infrastructure' 1.0.0"

# Paths: JSON shape, support ordering, bad flags.
check "paths json" 0 "$cg" paths --top 5 --format json --db "$db"
json_ok "paths shape" "d['people'] == 500 and len(d['sub_paths']) <= 5 and all(a['people'] >= b['people'] for a, b in zip(d['sub_paths'], d['sub_paths'][1:])) and all(len(p['states']) >= 2 for p in d['sub_paths'])"
check "paths unknown --from" 1 "$cg" paths --from archtect --db "$db"
expect_err "paths unknown role message" "--from 'archtect': not a role or destination of framework 'infrastructure' 1.0.0"

# The documentation's examples work as shown.
block() {  # block FILE LANG N: the N-th fenced code block of that language in FILE
  awk -v lang="$2" -v n="$3" '$0 == "```" lang {k++; on = (k == n); next} /^```/ {on = 0} on' "$1"
}
block "$root/docs/framework-format.md" toml 1 > "$tmp/doc-framework.toml"
check "docs: the framework example validates" 0 "$cg" framework validate "$tmp/doc-framework.toml"
block "$root/docs/data-formats.md" csv 1 > "$tmp/doc-careers.csv"
block "$root/docs/data-formats.md" json 1 > "$tmp/doc-careers.json"
block "$root/docs/data-formats.md" csv 3 > "$tmp/doc-assessments.csv"
block "$root/README.md" csv 1 > "$tmp/readme-careers.csv"
for f in doc-careers.csv doc-careers.json readme-careers.csv; do
  "$cg" init --db "$tmp/doc-$f.db" >/dev/null
  "$cg" framework load "$root/frameworks/infrastructure.toml" --db "$tmp/doc-$f.db" >/dev/null
  check "docs: $f imports" 0 "$cg" import "$tmp/$f" --db "$tmp/doc-$f.db"
done
check "docs: the assessments example imports" 0 "$cg" import --assessments "$tmp/doc-assessments.csv" --db "$tmp/doc-doc-careers.csv.db"
check "docs: title resolved" 0 "$cg" people show 7 --format csv --db "$tmp/doc-readme-careers.csv.db"
expect_out "docs: Senior Admin is ops" "^2001-03,2006-01,4\\.8377[0-9]*,ops,technical,2,Senior Admin,promotion$"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
