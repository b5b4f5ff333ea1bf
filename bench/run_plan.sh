#!/usr/bin/env bash
# Runs the planning benchmark (bench_plan: k shortest paths, 2,000 queries on a 1,000-role,
# 20,000-move graph) and its peer, networkx's shortest_simple_paths on the same graph and the first
# queries (bench/compare_plan.py, which also checks that the costs agree), and prints one
# side-by-side table with the machine it ran on.
#
# Usage: bench/run_plan.sh BUILD_DIR      (`make bench-plan` passes it)
# Environment:
#   BENCH_QUERIES=2000          queries per run (k = 5; run 2 with max_edges = 8)
#   BENCH_PEER_QUERIES=200      of which networkx runs the first (run 2: half as many)
#   BENCH_WORKDIR=BUILD_DIR/bench-plan   where the graph, queries and results go
#   PYTHON=...                  a Python with networkx (default /usr/bin/python3)
set -euo pipefail
build="$(cd "${1:?usage: bench/run_plan.sh BUILD_DIR}" && pwd)"
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="$build/bench/bench_plan"
[ -x "$bin" ] || { echo "run_plan.sh: $bin not found; build with -DCG_BENCH=ON (make bench-plan)" >&2; exit 1; }
queries="${BENCH_QUERIES:-2000}"
peer="${BENCH_PEER_QUERIES:-200}"
work="${BENCH_WORKDIR:-$build/bench-plan}"
py="${PYTHON:-/usr/bin/python3}"
mkdir -p "$work"

load_before="$(cut -d' ' -f1 /proc/loadavg)"
echo "== careergraph: bench_plan ($queries queries a run) =="
"$bin" --json --queries "$queries" --workdir "$work" > "$work/careergraph.json"
echo
echo "== networkx: shortest_simple_paths ($py) =="
"$py" "$here/bench/compare_plan.py" "$work" --queries "$peer" --bounded-queries "$((peer / 2))" --json \
  > "$work/networkx.json"
echo

"$py" - "$work" "$here" "$load_before" <<'PYEOF'
import json, os, platform, re, subprocess, sys
work, here, load_before = sys.argv[1], sys.argv[2], sys.argv[3]
cg = json.load(open(os.path.join(work, "careergraph.json")))
nx = json.load(open(os.path.join(work, "networkx.json")))
peer = {r["id"]: r for r in nx["results"]}
lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
cpu = (re.search(r"^Model name:\s*(.+)$", lscpu, re.M) or [None, "?"])[1]
mem = round(int(open("/proc/meminfo").readline().split()[1]) / 1024 / 1024, 1)
commit = subprocess.run(["git", "-C", here, "describe", "--always", "--dirty"], capture_output=True,
                        text=True).stdout.strip()
lines = [f"Graph: {cg['nodes']:,} roles, {cg['edges']:,} moves (seed {cg['seed']}); {cg['queries']:,} queries a run, "
         f"random reachable pairs.",
         f"Machine: {cpu}, {os.cpu_count()} CPUs, {mem} GiB, Linux {platform.release()}; networkx {nx['networkx']} "
         f"(Python {nx['python']}). Code: {commit}. Load average before: {load_before}.",
         "Per query: wall clock, and CPU time (what the query itself cost, without time the scheduler gave other "
         "processes). networkx ran the first queries of each run; its speed-up is against careergraph's median on "
         "the same queries.",
         "",
         "| run | careergraph p50 | p90 | p99 | max | mean | CPU p50 | CPU p99 | networkx queries | networkx p50 | "
         "networkx p99 | networkx CPU p50 | speed-up (p50) | speed-up (CPU p50) |",
         "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
for r in cg["results"]:
    p = peer.get(r["id"])
    label = f"k = {r['k']}" + (f", max_edges = {r['max_edges']}" if r["max_edges"] is not None else "")
    row = (f"| {label} | {r['p50_us']:.0f} µs | {r['p90_us']:.0f} µs | {r['p99_us']:.0f} µs | "
           f"{r['max_us']:.0f} µs | {r['mean_us']:.0f} µs | {r['cpu_p50_us']:.0f} µs | {r['cpu_p99_us']:.0f} µs |")
    if p:
        row += (f" {p['queries']} | {p['networkx_p50_us'] / 1e3:.1f} ms | {p['networkx_p99_us'] / 1e3:.1f} ms | "
                f"{p['networkx_cpu_p50_us'] / 1e3:.1f} ms | {p['speedup_p50']:.0f}× | {p['speedup_cpu_p50']:.0f}× |")
    else:
        row += " | | | | | |"
    lines.append(row)
lines.append("")
lines.append(f"Paths: {cg['results'][0]['paths_per_query']:.2f} a query, {cg['results'][0]['edges_per_path']:.2f} "
             f"edges a path; every cost networkx computed agreed to 1e-9 "
             f"({sum(p['queries'] for p in nx['results'])} queries).")
text = "\n".join(lines)
open(os.path.join(work, "results.md"), "w").write(text + "\n")
print("== results ==")
print(text)
PYEOF
