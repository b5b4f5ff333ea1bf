#!/usr/bin/env bash
# `careergraph report` end to end: the terminal report, JSON, the self-contained HTML file (parsed,
# no external references), and bad input (exit 1, clear message, no file written).
set -uo pipefail
cg="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
db="$tmp/r.db"
py=/usr/bin/python3
[ -x "$py" ] || py=python3
passed=0
failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -f "$tmp/err" ] && sed 's/^/  stderr: /' "$tmp/err" | head -5; }
run() {  # run NAME WANT_EXIT ARGS...
  local name="$1" want="$2"; shift 2
  "$cg" "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" -eq "$want" ]; then ok; else fail "$name: exit $got, expected $want"; fi
}

"$cg" init --db "$db" >/dev/null
"$cg" framework load "$root/frameworks/infrastructure.toml" --db "$db" >/dev/null
run "report on an empty store" 1 report --db "$db" --html "$tmp/empty.html"
grep -q "holds no careers" "$tmp/err" && ok || fail "empty store message"
[ ! -e "$tmp/empty.html" ] && ok || fail "no HTML written for an empty store"

"$cg" simulate --people 1500 --seed 3 --db "$db" >/dev/null 2>&1
run "help" 0 report --help
run "report" 0 report --db "$db" --html "$tmp/report.html"
for section in "The seed's questions" "Flows between tracks" "Time in role" "Tracks the data supports"; do
  grep -qF "$section" "$tmp/out" && ok || fail "text lacks '$section'"
done
# every claim of the framework, with one of the three verdicts
claims=$(grep -c '^\[\[claim\]\]' "$root/frameworks/infrastructure.toml")
verdicts=$(grep -cE '^\[(supported|not supported|not enough data)\] ' "$tmp/out")
[ "$claims" -eq "$verdicts" ] && ok || fail "$verdicts verdicts for $claims claims"

"$py" - "$tmp/report.html" <<'PYEOF' && ok || fail "HTML check"
import sys
from html.parser import HTMLParser
text = open(sys.argv[1], encoding="utf-8").read()
VOID = {"meta", "br", "hr", "img", "input", "link", "source", "wbr", "col", "area", "base", "embed", "param", "track"}
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.svgs = [], [], 0
    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self.svgs += 1
        for k, v in attrs:
            if k in ("src", "href") and v and not v.startswith("#"):
                self.errors.append(f"external reference {k}={v}")
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        pass
    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()
p = P()
p.feed(text)
p.close()
errs = p.errors + ([f"unclosed {p.stack}"] if p.stack else [])
if "<script" in text: errs.append("a script")
if p.svgs != 3: errs.append(f"{p.svgs} svg elements, expected 3")
if errs:
    print("\n".join(errs[:10])); sys.exit(1)
PYEOF

run "json" 0 report --db "$db" --format json
"$py" -c "
import json,sys
d=json.load(open('$tmp/out'))
assert d['population']['people']==1500, d['population']
assert len(d['claims'])==$claims
assert all(c['verdict'] in ('supported','not supported','not enough data') for c in d['claims'])
assert all((c['interval'] is None) or (0<=c['interval']['lower']<=c['value']<=c['interval']['upper']<=1) for c in d['claims'])
" && ok || fail "JSON shape"

run "bad --as-of" 1 report --db "$db" --as-of 2020-13 --html "$tmp/bad.html"
grep -q -- "--as-of" "$tmp/err" && ok || fail "--as-of message names the flag"
[ ! -e "$tmp/bad.html" ] && ok || fail "no HTML written on bad input"
run "csv refused" 1 report --db "$db" --format csv
run "bad unit" 1 report --db "$db" --unit weeks
run "as-of earlier" 0 report --db "$db" --as-of 2010 --unit months

echo "report_cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
