#!/usr/bin/env bash
# The bad-input suite: broken framework, career, title-map and assessment files, each checked
# for its exact message, exit code 1, and a store left exactly as it was.
#
# Usage: tests/bad_input/run.sh /path/to/careergraph [CASE...]
#   (ctest runs it as the test `bad_input`; give case directory names to run only those.)
#
# Layout: every directory under cases/ is one case, data only (see README.md beside this file):
#   cases/NN-short-name/cmd       one line: the careergraph arguments. `$CASE` stands for the case
#                                 directory. `--db STORE` is appended, except for
#                                 `framework validate`, which takes no store.
#   cases/NN-short-name/expected  lines that must each appear, whole and verbatim, as a line of
#                                 stderr once the case directory's path in it is replaced by
#                                 `$CASE`. Blank lines are ignored.
#   cases/NN-short-name/absent    optional: text that must not occur anywhere in stderr, one
#                                 fixed string a line (for spurious follow-on messages).
#   cases/NN-short-name/exit      optional: the expected exit code (default 1).
#   cases/NN-short-name/*         the input files the command reads.
#
# The runner builds one baseline store (init, framework load frameworks/infrastructure.toml,
# import baseline.csv --assessments baseline-assessments.csv) and snapshots it. Each case gets a
# fresh directory with its own copy of that store, runs its command against the copy with
# --db, checks the exit code and stderr, snapshots the copy and requires the snapshot to equal
# the baseline's. The snapshot is `export` (careers and assessments), `framework list` without
# its loaded_at column and `sqlite3 STORE .dump`, so any change to the store's contents is
# caught. (Copying one store instead of building 60 keeps the whole suite to a few seconds.)
#
# Prints `ok NAME` or `FAIL NAME: why` (with stderr) per case, then `N passed, M failed`; exits
# non-zero when any case failed. BAD_INPUT_SHOW=1 also shows the stderr of passing cases;
# BAD_INPUT_JOBS=N runs N cases at a time (default: the number of CPUs).
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 /path/to/careergraph [CASE...]" >&2
  exit 2
fi
BIN=$(realpath "$1")
shift
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
FRAMEWORK=$ROOT/frameworks/infrastructure.toml
BASELINE=$HERE/baseline.csv
BASELINE_ASSESSMENTS=$HERE/baseline-assessments.csv

for tool in sqlite3 timeout; do
  if ! command -v "$tool" >/dev/null; then
    echo "bad_input: needs '$tool' on PATH" >&2
    exit 2
  fi
done
[[ -x $BIN ]] || { echo "bad_input: $BIN is not an executable" >&2; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/cg-bad-input.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# Builds the baseline store at $1; any failure here is a broken suite, not a failed case.
make_store() {
  local db=$1 log=$2
  if ! { "$BIN" init --db "$db" &&
         "$BIN" framework load "$FRAMEWORK" --db "$db" &&
         "$BIN" import "$BASELINE" --assessments "$BASELINE_ASSESSMENTS" --db "$db"; } \
       >"$log" 2>&1; then
    echo "bad_input: could not build the baseline store:" >&2
    cat "$log" >&2
    exit 2
  fi
}

# Everything a user could see of the store, written to $2.
snapshot() {
  local db=$1 out=$2 dir=${2%/*}
  rm -f "$dir/assessments.snap.csv"
  {
    echo "## export"
    "$BIN" export --db "$db" --assessments "$dir/assessments.snap.csv" || echo "(export failed: $?)"
    echo "## assessments"
    cat "$dir/assessments.snap.csv" || true
    echo "## frameworks (without loaded_at)"
    { "$BIN" framework list --db "$db" --format csv || echo "(list failed: $?)"; } | cut -d, -f1-3,5
    echo "## sqlite3 .dump"
    sqlite3 "$db" .dump || echo "(sqlite3 failed: $?)"
  } >"$out" 2>&1
}

if [[ $# -gt 0 ]]; then
  cases=()
  for name in "$@"; do cases+=("$HERE/cases/${name%/}"); done
else
  cases=("$HERE"/cases/*/)
fi

# The baseline store, built once; each case works on a fresh copy of it.
mkdir -p "$TMP/baseline"
make_store "$TMP/baseline/store.db" "$TMP/baseline/setup.log"
if compgen -G "$TMP/baseline/store.db-*" >/dev/null; then
  echo "bad_input: the baseline store left journal files behind; cannot copy it safely" >&2
  exit 2
fi
snapshot "$TMP/baseline/store.db" "$TMP/baseline/before.snap"

# Runs the case in directory $1 and prints its report: `ok NAME`, or `FAIL NAME: why` and
# the details. Each case works only in its own directory under $TMP, so cases run in parallel.
run_case() {
  local dir=${1%/} name work db want_exit got_exit stderr line p w
  local -a words args problems files
  name=${dir##*/}
  work=$TMP/$name
  mkdir -p "$work"
  if [[ ! -f $dir/cmd ]] || ! grep -q '[^[:space:]]' "$dir/expected" 2>/dev/null; then
    echo "FAIL $name: a case needs a 'cmd' file and an 'expected' file with at least one line"
    return
  fi
  db=$work/store.db
  cp "$TMP/baseline/store.db" "$db"

  # The command: the words of `cmd`, with $CASE replaced by the case directory in each word.
  read -r -a words <"$dir/cmd"
  args=()
  for w in "${words[@]}"; do args+=("${w//\$CASE/$dir}"); done
  if [[ ${args[0]:-} != framework || ${args[1]:-} != validate ]]; then args+=(--db "$db"); fi
  want_exit=1
  if [[ -f $dir/exit ]]; then want_exit=$(tr -d '[:space:]' <"$dir/exit"); fi

  set +e
  (cd "$work" && timeout 20 "$BIN" "${args[@]}") >"$work/stdout.txt" 2>"$work/stderr.raw"
  got_exit=$?
  set -e
  # Show the case directory as $CASE, so expectations do not depend on where the repo is.
  stderr=$(<"$work/stderr.raw")
  if [[ -n $stderr ]]; then printf '%s\n' "${stderr//"$dir"/\$CASE}"; fi >"$work/stderr.txt"

  problems=()
  if [[ $got_exit -ne $want_exit ]]; then
    if [[ $got_exit -eq 124 ]]; then
      problems+=("timed out after 20 s")
    elif [[ $got_exit -gt 128 ]]; then
      problems+=("killed by signal $((got_exit - 128)) (exit code $got_exit), expected exit code $want_exit")
    else
      problems+=("exit code $got_exit, expected $want_exit")
    fi
  fi
  # Every line of `expected` must be a whole line of stderr; no line of `absent` may occur in it.
  files=("$work/stderr.txt" "$dir/expected")
  if [[ -f $dir/absent ]]; then files+=("$dir/absent"); fi
  while IFS= read -r line; do
    problems+=("$line")
  done < <(awk '
      FILENAME == ARGV[1] { have[$0] = 1; text = text $0 "\n"; next }
      FILENAME == ARGV[3] { if ($0 != "" && index(text, $0)) print "stderr has the unwanted text: " $0; next }
      $0 != "" && !($0 in have) { print "stderr lacks the line: " $0 }
    ' "${files[@]}")
  snapshot "$db" "$work/after.snap"
  if ! cmp -s "$TMP/baseline/before.snap" "$work/after.snap"; then
    problems+=("the store changed (< before, > after):")
    while IFS= read -r line; do problems+=("  $line"); done \
      < <(diff "$TMP/baseline/before.snap" "$work/after.snap" | grep '^[<>]' | cut -c1-160 | head -12)
  fi

  if [[ ${#problems[@]} -eq 0 ]]; then
    echo "ok $name"
    if [[ -n ${BAD_INPUT_SHOW:-} ]]; then sed 's/^/    stderr| /' "$work/stderr.txt"; fi
  else
    echo "FAIL $name: ${problems[0]}"
    for p in "${problems[@]:1}"; do echo "    $p"; done
    echo "    command: careergraph ${words[*]}"
    sed 's/^/    stderr| /' "$work/stderr.txt"
  fi
}

# Run the cases BAD_INPUT_JOBS at a time (default: the number of CPUs), then report them in order.
max_jobs=${BAD_INPUT_JOBS:-$(nproc 2>/dev/null || echo 2)}
running=0
reports=()
for dir in "${cases[@]}"; do
  name=${dir%/}
  name=${name##*/}
  reports+=("$TMP/$name.report")
  if [[ $running -ge $max_jobs ]]; then
    wait -n || true
    running=$((running - 1))
  fi
  run_case "$dir" >"$TMP/$name.report" 2>&1 &
  running=$((running + 1))
done
wait
passed=0
failed=0
for report in "${reports[@]}"; do
  cat "$report"
  if [[ $(head -c3 "$report") == "ok " ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
