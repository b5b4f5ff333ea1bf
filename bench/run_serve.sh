#!/usr/bin/env bash
# Load test of `careergraph serve` with wrk: cached next-move and transition queries on the demo
# store (the seed's framework, 3,000 simulated careers and the commenter), then 1,000 concurrent
# connections, then malformed requests alongside the load; and the same queries answered by the
# Python standard library's threading HTTP server from a dict (bench/serve_peer.py), the floor
# for a Python service. Every answer is checked (status and
# body length, bench/serve_check.lua), and after each run the server must still answer correctly.
# Prints one table with the machine it ran on (docs/performance.md has the results).
#
# Usage: bench/run_serve.sh BUILD_DIR      (`make bench-serve` passes it)
# Environment:
#   BENCH_SECONDS=10        length of each wrk run
#   BENCH_CONNECTIONS=32    connections of the main runs (a run at twice as many follows)
#   BENCH_WORKDIR=BUILD_DIR/bench-serve
#   BENCH_SERVE_FLAGS=          extra flags for careergraph serve (e.g. --threads 256)
set -euo pipefail
build="$(cd "${1:?usage: bench/run_serve.sh BUILD_DIR}" && pwd)"
here="$(cd "$(dirname "$0")/.." && pwd)"
cg="$build/careergraph"
[ -x "$cg" ] || { echo "run_serve.sh: $cg not found (make bench-serve builds it)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "run_serve.sh: wrk not found (scripts/install-deps.sh bench)" >&2; exit 1; }
secs="${BENCH_SECONDS:-10}"
conns="${BENCH_CONNECTIONS:-32}"
work="${BENCH_WORKDIR:-$build/bench-serve}"
py=/usr/bin/python3
rm -rf "$work" && mkdir -p "$work"
db="$work/demo.db"

echo "== the demo store =="
"$cg" init --db "$db" >/dev/null
"$cg" framework load "$here/frameworks/infrastructure.toml" --db "$db" >/dev/null
"$cg" simulate --people 3000 --seed 42 --start 2000 --end 2025 \
  --model "$here/frameworks/infrastructure.mobility.toml" --db "$db" >/dev/null
"$cg" import "$here/examples/commenter/careers.csv" --assessments "$here/examples/commenter/assessments.csv" \
  --db "$db" >/dev/null

"$cg" serve --db "$db" --port 0 --access-log "$work/access.log" ${BENCH_SERVE_FLAGS:-} > "$work/serve.out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  port="$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/serve.out" | head -1)"
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/serve.out" >&2; exit 1; }
url="http://127.0.0.1:$port"

# The query sets: next moves for 50 people and for every role, transitions with a few filters.
"$py" - "$url" "$work" <<'PYEOF'
import json, sys, urllib.error, urllib.request
url, work = sys.argv[1], sys.argv[2]
def get(p):
    try:
        return urllib.request.urlopen(url + p).read()
    except urllib.error.HTTPError as e:
        sys.exit(f"{p}: {e.code} {e.read().decode()}")
roles = [r["id"] for r in json.loads(get("/api/v1/framework"))["roles"]]
people = [p["person_id"] for p in json.loads(get("/api/v1/people?limit=400"))
          if p["status"] == "ongoing" and p["last_role"] in roles][:50]  # people in a role now
next_paths = [f"/api/v1/next?person={p}" for p in ["commenter"] + people]
trans = ["/api/v1/transitions", "/api/v1/transitions?level=track", "/api/v1/transitions?since=2010",
         "/api/v1/transitions?level=track&since=2015&until=2020"]
mixed = next_paths + [f"/api/v1/next?role={r}" for r in roles] + trans
for name, paths in [("one", ["/api/v1/next?person=commenter"]), ("mixed", mixed)]:
    with open(f"{work}/{name}.paths", "w") as f:
        for p in paths:
            f.write(f"{p} {len(get(p))}\n")  # also warms the cache
print(f"{len(mixed)} distinct queries in the mixed set")
PYEOF

run() {  # name connections script paths [url]   (script: load or check)
  local target="${5:-$url}"
  echo "== wrk: $1 ($2 connections, $secs s, $target, serve_$3.lua) =="
  wrk -t 2 -c "$2" -d "${secs}s" --timeout 5s --latency -s "$here/bench/serve_$3.lua" "$target" \
    -- "$work/$4.paths" | tee "$work/$1.wrk"
  curl -sf "$url/api/v1/health" > /dev/null || { echo "the server is down after $1" >&2; exit 1; }
}
load_before="$(cut -d' ' -f1 /proc/loadavg)"
run one "$conns" load one
run mixed "$conns" load mixed
run mixed2 "$((conns * 2))" load mixed
run checked "$conns" check mixed
run c1000 1000 check mixed
# Malformed requests (bad request lines, broken escapes, unknown routes, oversized and unauthorised
# bodies, half-sent requests) from another process while wrk runs the mixed set.
"$py" "$here/bench/serve_malformed.py" "127.0.0.1" "$port" "$secs" > "$work/malformed.out" &
mal=$!
run malformed "$conns" check mixed
wait $mal || { cat "$work/malformed.out" >&2; echo "malformed-request client failed" >&2; exit 1; }
cat "$work/malformed.out"
# The peer: the same mixed queries from Python's standard library.
peer_port=$((port + 1))
"$py" "$here/bench/serve_peer.py" "$url" "$work" "$peer_port" > "$work/peer.out" 2>&1 &
peer=$!
trap 'kill $pid $peer 2>/dev/null; wait $pid $peer 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "^peer:" "$work/peer.out" && break; sleep 0.1; done
run peer "$conns" load mixed "http://127.0.0.1:$peer_port"
kill $peer 2>/dev/null || true
# Still correct: the answers equal those before the runs.
"$py" - "$url" "$work" <<'PYEOF'
import sys, urllib.request
url, work = sys.argv[1], sys.argv[2]
for line in open(f"{work}/mixed.paths"):
    p, n = line.split()
    body = urllib.request.urlopen(url + p).read()
    assert len(body) == int(n), f"{p}: {len(body)} bytes after the load, {n} before"
print("after the load: every query still gives the same answer")
PYEOF

"$py" - "$work" "$here" "$load_before" "$secs" <<'PYEOF'
import os, platform, re, subprocess, sys
work, here, load_before, secs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
cpu = (re.search(r"^Model name:\s*(.+)$", lscpu, re.M) or [None, "?"])[1]
mem = round(int(open("/proc/meminfo").readline().split()[1]) / 1024 / 1024, 1)
commit = subprocess.run(["git", "-C", here, "describe", "--always", "--dirty"], capture_output=True, text=True).stdout.strip()
wrkv = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
wrkv = (wrkv.stdout + wrkv.stderr).split("\n")[0].split(" [")[0]
print(f"\nMachine: {cpu}, {os.cpu_count()} CPUs, {mem} GiB, Linux {platform.release()}; {wrkv} on the same machine "
      f"(it shares the CPUs with the server). Code: {commit}. Load average before: {load_before}. {secs} s a run.\n")
print("| run | connections | requests/s | p50 | p90 | p99 | max | answers checked | wrong | socket errors |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
labels = {"one": "one cached next-move query", "mixed": "mixed cached queries (next, transitions)",
          "mixed2": "mixed, twice the connections", "checked": "mixed, every answer checked",
          "c1000": "mixed, 1,000 connections, every answer checked",
          "malformed": "mixed, malformed requests alongside, every answer checked",
          "peer": "**peer**: Python's ThreadingHTTPServer, the same answers from a dict"}
rps_of = {}
for name in ["one", "mixed", "mixed2", "checked", "c1000", "malformed", "peer"]:
    t = open(f"{work}/{name}.wrk").read()
    rps = float(re.search(r"Requests/sec:\s*([\d.]+)", t)[1])
    rps_of[name] = rps
    conns = re.search(r"(\d+) connections", t)[1]
    lat = dict(re.findall(r"(p50|p90|p99|max)=(\d+)", t))
    chk = re.search(r"CHECK checked=(\d+) wrong=(\d+)", t)
    sock = re.search(r"Socket errors: (.*)", t)
    ms = lambda us: f"{int(us) / 1000:.2f} ms"
    print(f"| {labels[name]} | {conns} | {rps:,.0f} | {ms(lat['p50'])} | {ms(lat['p90'])} | {ms(lat['p99'])} | "
          f"{ms(lat['max'])} | {f'{int(chk[1]):,}' if chk else '—'} | {chk[2] if chk else '—'} | "
          f"{sock[1] if sock else 'none'} |")
print(f"\nSpeed-up over the peer on the mixed queries: {rps_of['mixed'] / rps_of['peer']:.1f}x")
PYEOF
