#!/usr/bin/env bash
# `framework export --format json` validates against docs/framework.schema.json (checked with
# python3-jsonschema, Draft 2020-12), for the bundled framework and a minimal one; and a
# document that breaks the schema is rejected, so the check itself can fail.
set -euo pipefail
cg="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

"$cg" init --db "$tmp/s.db" >/dev/null
"$cg" framework load "$root/frameworks/infrastructure.toml" --db "$tmp/s.db" >/dev/null
"$cg" framework export --format json --db "$tmp/s.db" --out "$tmp/infrastructure.json"

cat > "$tmp/minimal.toml" <<'TOML'
[framework]
id = "minimal"
name = "Minimal"
version = "0.1"

[[track]]
id = "only"
name = "Only"
kind = "technical"

[[role]]
id = "r1"
name = "R1"
track = "only"
level = 1
TOML
"$cg" framework load "$tmp/minimal.toml" --db "$tmp/s.db" >/dev/null
"$cg" framework export minimal --format json --db "$tmp/s.db" --out "$tmp/minimal.json"

py=/usr/bin/python3  # Debian's, where python3-jsonschema is installed
[ -x "$py" ] || py=python3
"$py" - "$root/docs/framework.schema.json" "$tmp/infrastructure.json" "$tmp/minimal.json" <<'PY'
import json, sys
from jsonschema import Draft202012Validator
schema = json.load(open(sys.argv[1]))
Draft202012Validator.check_schema(schema)
v = Draft202012Validator(schema)
passed = failed = 0
for path in sys.argv[2:]:
    doc = json.load(open(path))
    errors = list(v.iter_errors(doc))
    if errors:
        failed += 1
        for e in errors[:10]:
            print(f"FAIL {path}: {'/'.join(map(str, e.path))}: {e.message}")
    else:
        passed += 1
        print(f"ok {path.split('/')[-1]} validates")
# The schema must reject a broken document.
broken = json.load(open(sys.argv[2]))
broken["roles"][0]["level"] = "two"
del broken["policy"]["exit"]
if list(v.iter_errors(broken)):
    passed += 1
    print("ok a broken export is rejected")
else:
    failed += 1
    print("FAIL the schema accepted a broken export")
# The bundled export has the seed's content.
doc = json.load(open(sys.argv[2]))
tracks = {t["id"]: t["roles"] for t in doc["tracks"]}
want = ["helpdesk", "ops", "deployment", "design", "scripting"]
if tracks.get("technical") == want:
    passed += 1
    print("ok technical track in order")
else:
    failed += 1
    print("FAIL technical track:", tracks.get("technical"))
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
