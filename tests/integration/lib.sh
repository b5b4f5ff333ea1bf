# Shared by the command-line test scripts: the pass/fail counters and the checks they use.
# Source it after setting `tmp` (a scratch directory): results go to $tmp/out and $tmp/err.
#   check NAME EXPECTED_EXIT COMMAND...   run COMMAND, compare its exit code
#   expect_out NAME PATTERN               the last stdout matches PATTERN (grep -E)
#   expect_err NAME TEXT                  the last stderr contains TEXT
#   json_ok NAME EXPR [FILE]              FILE (default: the last stdout) is JSON and EXPR holds for it as `d`
# Each script ends with its own summary line and exits non-zero when `failed` is not 0.
passed=0
failed=0
# Debian's python3, where apt installs modules (a pyenv python3 may shadow it on PATH).
py=/usr/bin/python3
[ -x "$py" ] || py=python3

check() {  # check NAME EXPECTED_EXIT COMMAND...
  local name="$1" want="$2"
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" -eq "$want" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL $name: exit $got, expected $want"
    sed 's/^/  stdout: /' "$tmp/out" | head -5
    sed 's/^/  stderr: /' "$tmp/err" | head -5
  fi
}

expect_out() {  # expect_out NAME PATTERN (grep -E on the last stdout)
  if grep -qE -- "$2" "$tmp/out"; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL $1: stdout lacks /$2/"; head -20 "$tmp/out"; fi
}

expect_err() {
  if grep -qF -- "$2" "$tmp/err"; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL $1: stderr lacks '$2'"; head -20 "$tmp/err"; fi
}

json_ok() {  # json_ok NAME EXPR [FILE]: FILE (default: the last stdout) parses as JSON and EXPR holds for it as `d`
  if "$py" -c "import json,sys; d=json.load(open('${3:-$tmp/out}')); sys.exit(0 if ($2) else 1)"; then
    passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $1: JSON check '$2'"; head -20 "$tmp/out"; fi
}
