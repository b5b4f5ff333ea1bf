#!/usr/bin/env bash
# The HTTP/JSON API of `careergraph serve` (tests/integration/api_test.py: routes against
# docs/openapi.json, answers against the command line, bad input, auth, caching, static files,
# concurrency). Makes its own store (the infrastructure framework, 400 simulated people and the
# commenter example, with assessments), writes a token file, starts the server on a free port,
# waits for /api/v1/health, runs the Python test and always stops the server.
# Usage: api.sh BUILD_DIR (or path/to/careergraph). Exit code 0 when every check holds.
set -uo pipefail
if [ -d "$1" ]; then cg="$1/careergraph"; else cg="$1"; fi
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null
    wait "$server" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
source "$root/tests/integration/lib.sh"  # $py: Debian's python3 (python3-jsonschema)

fail() { echo "api: $*"; [ -s "$tmp/server.err" ] && sed 's/^/  server: /' "$tmp/server.err" | head -20; exit 1; }

db="$tmp/api.db"
"$cg" init --db "$db" >/dev/null || fail "init failed"
"$cg" framework load "$root/frameworks/infrastructure.toml" --db "$db" >/dev/null || fail "framework load failed"
"$cg" simulate --people 400 --seed 3 --start 2005 --end 2025 --model "$root/frameworks/infrastructure.mobility.toml" \
  --db "$db" >/dev/null || fail "simulate failed"
"$cg" import "$root/examples/commenter/careers.csv" --assessments "$root/examples/commenter/assessments.csv" \
  --db "$db" >/dev/null || fail "import failed"

# A token of 32 visible characters (not from the test's own run: a fresh one each time).
head -c 24 /dev/urandom | base64 | tr -d '\n=' >"$tmp/token"
echo >>"$tmp/token"

"$cg" serve --db "$db" --port 0 --token-file "$tmp/token" --access-log off >"$tmp/server.out" 2>"$tmp/server.err" &
server=$!
port=""
for _ in $(seq 1 100); do  # the first stdout line: "careergraph serve: http://127.0.0.1:PORT/ — ..."
  port="$(sed -n '1s#^careergraph serve: http://[^ ]*:\([0-9][0-9]*\)/.*#\1#p' "$tmp/server.out")"
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || fail "the server exited"
  sleep 0.1
done
[ -n "$port" ] || fail "no port on the server's first line: $(head -1 "$tmp/server.out")"
ready=""
for _ in $(seq 1 100); do
  if "$py" -c "import http.client,sys; c=http.client.HTTPConnection('127.0.0.1', $port, timeout=2); c.request('GET', '/api/v1/health'); sys.exit(0 if c.getresponse().status == 200 else 1)" 2>/dev/null; then
    ready=1
    break
  fi
  sleep 0.1
done
[ -n "$ready" ] || fail "/api/v1/health did not answer 200 on port $port"

"$py" "$root/tests/integration/api_test.py" --cg "$cg" --db "$db" --port "$port" --token-file "$tmp/token" \
  --root "$root" --tmp "$tmp"
