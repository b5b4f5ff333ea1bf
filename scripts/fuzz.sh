#!/usr/bin/env bash
# Longer fuzzing: runs every libFuzzer target of a -DCG_FUZZ=ON build for SECONDS each, one
# after the other, and says per target how it went. `make fuzz` calls it (FUZZ_SECONDS).
#
#   scripts/fuzz.sh BUILD_DIR SECONDS [TARGET...]
#
# Each target fuzzes a working corpus BUILD_DIR/corpus-work/TARGET (seeded from, and kept
# beside, tests/fuzz/corpus/TARGET, which is only read; the growth stays out of git), so later
# runs continue where earlier ones stopped. Crash, leak and timeout inputs go to
# BUILD_DIR/artifacts/TARGET/, the full output to BUILD_DIR/fuzz-logs/TARGET.log. Extra
# libFuzzer flags can be given in FUZZ_ARGS (e.g. FUZZ_ARGS="-jobs=2 -workers=2").
# Exit status: 0 when no target found anything, 1 when one did (or could not run), 2 on misuse.
set -uo pipefail

usage() {
  echo "usage: $0 BUILD_DIR SECONDS [TARGET...]" >&2
  echo "  targets: fuzz_csv fuzz_framework_toml fuzz_careers_json fuzz_careers_csv fuzz_side_files" >&2
  exit 2
}

[[ $# -ge 2 ]] || usage
build="$1"
seconds="$2"
shift 2
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "$0: SECONDS must be a positive integer" >&2; usage; }
[[ -d "$build" ]] || { echo "$0: no build directory '$build'; run 'make build-fuzz' first" >&2; exit 2; }

here="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "$build" && pwd)"
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(fuzz_csv fuzz_framework_toml fuzz_careers_json fuzz_careers_csv fuzz_side_files)
read -r -a extra <<< "${FUZZ_ARGS:-}"
cd "$build"  # libFuzzer may write files to the working directory (-jobs logs): keep them here

failed=()
for t in "${targets[@]}"; do
  exe="$build/tests/fuzz/$t"
  seeds="$here/tests/fuzz/corpus/$t"
  work="$build/corpus-work/$t"
  artifacts="$build/artifacts/$t"
  log="$build/fuzz-logs/$t.log"
  if [[ ! -x "$exe" ]]; then
    echo "$t: FAILED: $exe is missing; build with 'make build-fuzz'" >&2
    failed+=("$t")
    continue
  fi
  [[ -d "$seeds" ]] || { echo "$t: FAILED: no seed corpus $seeds" >&2; failed+=("$t"); continue; }
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  before=$(find "$artifacts" -type f | wc -l)

  echo "== $t: ${seconds}s (corpus $work, artifacts $artifacts/)"
  # New inputs are written to the first corpus directory only, so the seeds stay untouched.
  "$exe" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "${extra[@]}" "$work" "$seeds" > "$log" 2>&1
  rc=$?

  after=$(find "$artifacts" -type f | wc -l)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  added=$(sed -n 's/^stat::new_units_added: *//p' "$log" | tail -n 1)
  corpus=$(find "$work" -type f | wc -l)
  summary="${runs:-?} runs, ${added:-?} new inputs, working corpus $corpus files"
  if [[ $rc -ne 0 || $after -gt $before ]]; then
    failed+=("$t")
    echo "$t: FOUND A PROBLEM (exit $rc; $summary); log: $log"
    grep -E '^(==[0-9]+== ?ERROR|SUMMARY:|INVARIANT:|.*runtime error:)' "$log" |
      head -n 20 | sed 's/^/    /'
    echo "    newest artifacts:"
    ls -t "$artifacts" | head -n 5 | sed "s|^|      $artifacts/|"
    echo "    reproduce: $exe ARTIFACT"
  else
    echo "$t: ok ($summary)"
  fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: problems in: ${failed[*]}"
  exit 1
fi
echo "fuzz: all ${#targets[@]} targets ran ${seconds}s without finding anything"
