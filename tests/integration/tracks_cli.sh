#!/usr/bin/env bash
# `careergraph tracks discover` end to end: --help, the three formats parse and agree, forced
# groups, determinism, and bad input (exit code 1 with a clear message, nothing on stdout).
# Usage: tracks_cli.sh path/to/careergraph.
set -uo pipefail
cg="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/lib.sh"
db="$tmp/t.db"

no_out() {
  if [ ! -s "$tmp/out" ]; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL $1: stdout not empty"; head -5 "$tmp/out"; fi
}

check "help: tracks" 0 "$cg" tracks --help
expect_out "help text: tracks" "discover"
check "help: tracks discover" 0 "$cg" tracks discover --help
for flag in --groups --resolution --min-moves --null-samples --bootstrap --tracks --since --until --where --format --db; do
  expect_out "help lists $flag" "$flag"
done
check "tracks without a subcommand" 1 "$cg" tracks --db "$db"

# Before there is anything to analyse.
check "missing store" 1 "$cg" tracks discover --db "$tmp/missing.db"
expect_err "missing store message" "no such store; run \`careergraph init\`"
check "init" 0 "$cg" init --db "$db"
check "no framework" 1 "$cg" tracks discover --db "$db"
expect_err "no framework message" "no framework loaded"
check "load" 0 "$cg" framework load "$root/frameworks/infrastructure.toml" --db "$db"
check "empty store" 1 "$cg" tracks discover --db "$db"
expect_err "empty store message" "the store holds no careers; import some or run \`careergraph simulate\` first"
no_out "empty store: nothing on stdout"
check "simulate" 0 "$cg" simulate --people 500 --seed 3 --db "$db"

# The three formats.
check "table" 0 "$cg" tracks discover --db "$db"
expect_out "table: summary line" "^Tracks discovered from [0-9]+ moves between 12 roles \(exhaustive search"
expect_out "table: verdict" "^[0-9]+ groups?: "
expect_out "table: groups header" "^group +matched_track +overlap +roles"
expect_out "table: curve" "← chosen"
cp "$tmp/out" "$tmp/table1"
check "table again" 0 "$cg" tracks discover --db "$db"
if cmp -s "$tmp/out" "$tmp/table1"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL output differs between runs"; fi

check "json" 0 "$cg" tracks discover --format json --db "$db"
cp "$tmp/out" "$tmp/d.json"
json_ok "json: shape" "all(k in d for k in ('method', 'resolution', 'moves', 'modularity', 'best_k', 'supported', 'p_value', 'null_modularity', 'modularity_by_k', 'agreement', 'groups', 'unplaced', 'placed_differently', 'roles', 'edges'))"
json_ok "json: edges sum to the moves" "sum(e['count'] for e in d['edges']) == d['moves']"
json_ok "json: the groups partition the placed roles" "sorted(r for g in d['groups'] for r in g['roles']) == sorted(r['role'] for r in d['roles'] if r['group'] is not None) and len(d['roles']) == 12"
json_ok "json: one Q per k" "len(d['modularity_by_k']) == d['roles_placed'] and d['modularity_by_k'][0]['modularity'] == 0"
json_ok "json: Q is the chosen k's" "d['modularity'] == d['modularity_by_k'][len(d['groups']) - 1]['modularity']"
json_ok "json: agreement in range" "-1 <= d['agreement']['ari'] <= 1 and 0 <= d['agreement']['nmi'] <= 1"
json_ok "json: positions" "all(sorted(r['position'] for r in d['roles'] if r['group'] == g['group']) == list(range(1, len(g['roles']) + 1)) for g in d['groups'])"

check "csv" 0 "$cg" tracks discover --format csv --db "$db"
expect_out "csv header" "^role,framework_track,framework_level,moves,group,position,group_track,differs,stability$"
if "$py" - "$tmp/out" "$tmp/d.json" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
d = json.load(open(sys.argv[2]))
assert len(rows) == 12
for row, r in zip(rows, d["roles"]):
    assert row["role"] == r["role"]
    assert row["group"] == ("" if r["group"] is None else str(r["group"])), (row, r)
PY
then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL csv and json disagree"; fi

# Options.
check "forced groups" 0 "$cg" tracks discover --groups 2 --format json --db "$db"
json_ok "forced: two groups" "d['forced'] and len(d['groups']) == 2 and d['modularity'] == d['modularity_by_k'][1]['modularity']"
check "forced groups, table" 0 "$cg" tracks discover --groups 2 --db "$db"
expect_out "forced: said so" "^2 groups \(forced; Q = "
check "resolution" 0 "$cg" tracks discover --resolution 2 --null-samples 0 --format json --db "$db"
json_ok "resolution: one group scores 1 - γ" "d['resolution'] == 2 and abs(d['modularity_by_k'][0]['modularity'] + 1) < 1e-12 and d['p_value'] is None"
check "min-moves" 0 "$cg" tracks discover --min-moves 40 --format json --db "$db"
json_ok "min-moves: thin roles unplaced" "len(d['unplaced']) > 0 and all(r['moves'] < 40 for r in d['roles'] if r['role'] in d['unplaced'])"
check "where and since" 0 "$cg" tracks discover --where location=London --since 2005 --format json --db "$db"
json_ok "where: fewer moves" "d['moves'] < $("$py" -c "import json; print(json.load(open('$tmp/d.json'))['moves'])")"

check "bootstrap" 0 "$cg" tracks discover --bootstrap 5 --format json --db "$db"
json_ok "bootstrap: counts and stabilities" "d['bootstrap']['resamples'] == 5 and sum(d['bootstrap']['best_k']) == 5 and all(0 <= r['stability'] <= 1 for r in d['roles'] if r['group'] is not None)"
check "bootstrap table" 0 "$cg" tracks discover --bootstrap 3 --db "$db"
expect_out "bootstrap line" "^Bootstrap \(3 resamples of people\): the largest Q at k = "
check "tracks" 0 "$cg" tracks discover --tracks technical,management --format json --db "$db"
json_ok "tracks: only their roles" "d['roles_placed'] <= 9 and d['framework_tracks'] == 2 and all(r['framework_track'] != 'development' for g in d['groups'] for r in d['roles'] if r['role'] in g['roles'])"

# Bad input: exit 1, a message naming the flag, nothing on stdout.
check "--groups 0" 1 "$cg" tracks discover --groups 0 --db "$db"
expect_err "--groups 0 message" "--groups 0: must be at least 1"
no_out "--groups 0: nothing on stdout"
check "--groups above the roles" 1 "$cg" tracks discover --groups 13 --db "$db"
expect_err "--groups 13 message" "--groups 13: only 12 roles have 1 move or more to or from other roles"
check "--groups not a number" 1 "$cg" tracks discover --groups two --db "$db"
check "--resolution 0" 1 "$cg" tracks discover --resolution 0 --db "$db"
expect_err "--resolution 0 message" "--resolution 0: must be a number above 0"
check "--resolution negative" 1 "$cg" tracks discover --resolution=-1 --db "$db"
expect_err "--resolution -1 message" "--resolution -1: must be a number above 0"
check "--resolution not a number" 1 "$cg" tracks discover --resolution high --db "$db"
check "--min-moves 0" 1 "$cg" tracks discover --min-moves 0 --db "$db"
expect_err "--min-moves 0 message" "--min-moves 0: must be at least 1"
check "--min-moves too high" 1 "$cg" tracks discover --min-moves 100000 --db "$db"
expect_err "--min-moves too high message" "no moves between two roles with at least 100000 moves each: nothing to group"
check "--null-samples negative" 1 "$cg" tracks discover --null-samples=-3 --db "$db"
expect_err "--null-samples message" "--null-samples -3: must be 0 to 999"
check "--bootstrap negative" 1 "$cg" tracks discover --bootstrap=-1 --db "$db"
expect_err "--bootstrap message" "--bootstrap -1: must be 0 to 10000"
check "unknown track" 1 "$cg" tracks discover --tracks technical,nope --db "$db"
expect_err "unknown track message" "--tracks 'nope': not a track of framework 'infrastructure' 1.0.0; it has technical, management, development"
check "--format yaml" 1 "$cg" tracks discover --format yaml --db "$db"
check "bad --since" 1 "$cg" tracks discover --since 2004-13 --db "$db"
expect_err "bad since message" "--since: '2004-13' is not a date"
check "bad --where" 1 "$cg" tracks discover --where city --db "$db"
expect_err "bad where message" "--where 'city': expected ATTR=VALUE"
check "unknown attribute" 1 "$cg" tracks discover --where city=York --db "$db"
expect_err "unknown attribute message" "no person attribute 'city'; the careers have 'location'"
check "unknown flag" 1 "$cg" tracks discover --clusters 3 --db "$db"
check "unknown subcommand" 1 "$cg" tracks find --db "$db"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
