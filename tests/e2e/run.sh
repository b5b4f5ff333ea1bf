#!/usr/bin/env bash
# End-to-end tests of the web UI: tests/e2e/run.sh BUILD_DIR
#
# Needs BUILD_DIR/careergraph, the built UI in BUILD_DIR/web (cd web && npm ci && node build.mjs
# BUILD_DIR/web), web/node_modules (playwright-core) and /usr/bin/chromium. Uses a copy of the
# store in CG_E2E_DB if set, else builds a small demo store (the seed's framework, 800 simulated
# careers and the seed's commenter). Starts `careergraph serve` on a free loopback port with a
# fresh token, runs tests/e2e/ui.test.mjs against it and always stops the server. Screenshots go
# to BUILD_DIR/e2e-screenshots.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: tests/e2e/run.sh BUILD_DIR" >&2
  exit 2
fi
build="$(cd "$1" && pwd)"
here="$(cd "$(dirname "$0")/../.." && pwd)"
cg="$build/careergraph"
web="$build/web"

[ -x "$cg" ] || { echo "run.sh: no executable $cg" >&2; exit 2; }
[ -f "$web/index.html" ] || { echo "run.sh: no web UI in $web; build it: (cd web && npm ci && node build.mjs $web)" >&2; exit 2; }
[ -d "$here/web/node_modules/playwright-core" ] || { echo "run.sh: playwright-core is missing; run (cd web && npm ci)" >&2; exit 2; }
chromium="${CG_E2E_CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] || { echo "run.sh: no browser at $chromium (apt-get install chromium, or set CG_E2E_CHROMIUM)" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/cg-e2e.XXXXXX")"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

db="$work/e2e.db"
if [ -n "${CG_E2E_DB:-}" ]; then
  cp "$CG_E2E_DB" "$db"
else
  echo "== building a demo store"
  "$cg" init --db "$db" >/dev/null
  "$cg" framework load "$here/frameworks/infrastructure.toml" --db "$db" >/dev/null
  "$cg" simulate --people 800 --seed 7 --start 2005 --end 2025 \
    --model "$here/frameworks/infrastructure.mobility.toml" --db "$db" >/dev/null
  "$cg" import "$here/examples/commenter/careers.csv" \
    --assessments "$here/examples/commenter/assessments.csv" --db "$db" >/dev/null
fi

(umask 077 && head -c 24 /dev/urandom | base64 > "$work/token")

echo "== starting careergraph serve"
"$cg" serve --db "$db" --host 127.0.0.1 --port 0 --web-root "$web" --token-file "$work/token" \
  --access-log "$work/access.log" >"$work/serve.log" 2>&1 &
pid=$!

# --port 0 picks a free port and prints the address: wait for it, then for /api/v1/health.
url=""
for _ in $(seq 1 100); do
  url="$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$work/serve.log" | head -n 1 || true)"
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "run.sh: the server did not start:" >&2
  cat "$work/serve.log" >&2
  exit 1
fi
healthy=""
for _ in $(seq 1 100); do
  if node -e "fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))" "${url}api/v1/health"; then
    healthy=1
    break
  fi
  sleep 0.1
done
[ -n "$healthy" ] || { echo "run.sh: ${url}api/v1/health never answered" >&2; cat "$work/serve.log" >&2; exit 1; }
echo "   $url"

shots="$build/e2e-screenshots"
mkdir -p "$shots"
status=0
CG_E2E_URL="$url" CG_E2E_TOKEN="$(cat "$work/token")" CG_E2E_SHOTS="$shots" CG_E2E_CHROMIUM="$chromium" \
  node --test --test-concurrency=1 "$here/tests/e2e/ui.test.mjs" || status=$?
if [ "$status" -ne 0 ]; then
  echo "== the server's log (last lines)" >&2
  tail -n 30 "$work/serve.log" >&2
  echo "== requests that failed" >&2
  grep -E '" (5[0-9][0-9])' "$work/access.log" >&2 || true
fi
echo "screenshots: $shots"
exit "$status"
