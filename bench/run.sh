#!/usr/bin/env bash
# Runs the I/O throughput benchmarks and their peers on the same million-spell file, and prints
# one side-by-side table (careergraph vs pandas vs hand-written Python) with the machine it ran on.
#
# Usage: bench/run.sh BUILD_DIR        (BUILD_DIR holds bench/bench_io; `make bench` passes it)
# Environment:
#   BENCH_RUNS=3       runs per step (best and median are reported)
#   BENCH_BUDGET=16    seconds per step: no further run once another would take its runs past this
#   BENCH_PEER_JSON=1  also time pandas on the JSON file (adds 20-40 s)
#   BENCH_PEOPLE=600000  simulated people (600,000 give 1,008,734 spells with seed 42)
#   BENCH_WORKDIR=BUILD_DIR/bench-data   where the CSV, JSON, SQLite and result files go
#   PYTHON=...         a Python with pandas (default: the first of /usr/bin/python3, python3 that has it)
# Results are also written to BENCH_WORKDIR: careergraph.json, peers.json, results.md.
set -euo pipefail

build="${1:?usage: bench/run.sh BUILD_DIR}"
here="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "$build" && pwd)"
bench_io="$build/bench/bench_io"
[ -x "$bench_io" ] || { echo "run.sh: $bench_io not found; build with -DCG_BENCH=ON (make bench)" >&2; exit 1; }
runs="${BENCH_RUNS:-3}"
budget="${BENCH_BUDGET:-16}"
peer_json=()
[ "${BENCH_PEER_JSON:-0}" = 1 ] && peer_json=(--with-json)
people="${BENCH_PEOPLE:-600000}"
work="${BENCH_WORKDIR:-$build/bench-data}"
mkdir -p "$work"

py="${PYTHON:-}"
if [ -z "$py" ]; then
  for c in /usr/bin/python3 python3; do
    if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import pandas' 2>/dev/null; then py="$c"; break; fi
  done
fi
[ -n "$py" ] || { echo "run.sh: no Python with pandas (apt-get install python3-pandas, or set PYTHON)" >&2; exit 1; }

# --- the machine ---
cxx="$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt" | head -1)"
build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt" | head -1)"
machine_json="$work/machine.json"
"$py" - "$machine_json" "${cxx:-c++}" "${build_type:-?}" "$here" <<'EOF'
import json, os, platform, re, sqlite3, subprocess, sys
import pandas as pd
def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
    except OSError:
        return ""
lscpu = sh("lscpu")
def field(name):
    m = re.search(rf"^{re.escape(name)}:\s*(.+)$", lscpu, re.M)
    return m.group(1).strip() if m else "?"
mem_kb = 0
with open("/proc/meminfo") as f:
    for line in f:
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
cxx_version = (sh(sys.argv[2], "--version").splitlines() or ["?"])[0]
info = {
    "cpu": field("Model name"),
    "cpus": os.cpu_count(),
    "threads_per_core": field("Thread(s) per core"),
    "memory_gib": round(mem_kb / 1024 / 1024, 1),
    "kernel": platform.release(),
    "os": (sh("sh", "-c", ". /etc/os-release && echo $PRETTY_NAME").strip() or platform.platform()),
    "compiler": cxx_version,
    "build_type": sys.argv[3],
    "python": platform.python_version(),
    "pandas": pd.__version__,
    "python_sqlite": sqlite3.sqlite_version,
    "loadavg_before": open("/proc/loadavg").read().split()[0],
    "commit": sh("git", "-C", sys.argv[4], "describe", "--always", "--dirty").strip() or "?",
}
json.dump(info, open(sys.argv[1], "w"), indent=2)
EOF

echo "== careergraph: bench_io (people $people, up to $runs runs, $budget s per step) =="
"$bench_io" --json --people "$people" --runs "$runs" --budget "$budget" --workdir "$work" \
  --frameworks "$here/frameworks" > "$work/careergraph.json"
echo
echo "== peers: pandas and hand-written Python ($py) on the same files =="
"$py" "$here/bench/compare_pandas.py" "$work/careers.csv" --json-input "$work/careers.json" \
  --framework "$here/frameworks/infrastructure.toml" --runs "$runs" --budget "$budget" \
  --workdir "$work" "${peer_json[@]}" --json > "$work/peers.json"
echo

"$py" - "$work" <<'EOF'
import json, os, sys
work = sys.argv[1]
m = json.load(open(os.path.join(work, "machine.json")))
cg = json.load(open(os.path.join(work, "careergraph.json")))
peers = json.load(open(os.path.join(work, "peers.json")))
ours = {r["id"]: r for r in cg["results"]}
theirs = {(r["tool"], r["id"]): r for r in peers["results"]}

def n(v):
    return f"{v:,.0f}" if v is not None else "–"
def ratio(a, b):
    return f"{a / b:.1f}×" if a and b else "–"

rows = [  # (label, careergraph id, pandas id, python id)
    ("CSV parse + validate (in memory)", "csv_parse", "csv_parse", "csv_parse"),
    ("JSON parse + validate (in memory)", "json_parse", "json_parse", "json_parse"),
    ("CSV file → fresh SQLite store", "csv_import", "csv_import", "csv_import"),
    ("  of which the SQLite write", "store_import", "store_import", "store_import"),
    ("  (pandas to_sql method='multi')", None, "csv_import_multi", None),
    ("  (of which to_sql 'multi' write)", None, "store_import_multi", None),
    ("store → memory load", "load", "load", "load"),
    ("export: write CSV (in memory)", "export_csv", "export_csv", "export_csv"),
]
lines = []
lines.append(f"Population: {cg['people']:,} people, {cg['spells']:,} spells (seed {cg['seed']}); "
             f"CSV {cg['csv_bytes'] / 1e6:.1f} MB, JSON {cg['json_bytes'] / 1e6:.1f} MB, "
             f"careergraph store {cg['db_bytes'] / 1e6:.1f} MB.")
lines.append(f"Machine: {m['cpu']}, {m['cpus']} CPUs ({m['threads_per_core']} thread(s) per core), "
             f"{m['memory_gib']} GiB, Linux {m['kernel']} ({m['os']}); {m['compiler']} ({m['build_type']}); "
             f"SQLite {cg['sqlite_version']} (careergraph), {m['python_sqlite']} (Python); "
             f"Python {m['python']}, pandas {m['pandas']}. Code: {m['commit']}. Load average (1 min) before the run: {m['loadavg_before']}"
             f" (anything else running skews the figures).")
lines.append("Spells per second, median of up to %d runs (number of runs in brackets), each run in a fresh "
             "forked process; ratio = careergraph / peer." % cg["runs"])
lines.append("")
lines.append("| step | careergraph | aim | pandas | ratio | hand-written Python | ratio |")
lines.append("|---|---:|---|---:|---:|---:|---:|")
for label, ci, pi, yi in rows:
    c = ours.get(ci) if ci else None
    p = theirs.get(("pandas", pi)) if pi else None
    y = theirs.get(("python", yi)) if yi else None
    if not (c or p or y):
        continue
    cv = c["median_per_s"] if c else None
    pv = p["median_per_s"] if p else None
    yv = y["median_per_s"] if y else None
    aim = ""
    if c and c.get("aim_per_s"):
        a = c["aim_per_s"]
        aim = f"≥ {a:,.0f}: " + ("met" if cv >= a else f"**missed** ({100 * cv / a:.0f}%)")
    def cell(r, v):
        return f"{n(v)} ({len(r['seconds'])})" if r else "–"
    lines.append(f"| {label} | {cell(c, cv)} | {aim} | {cell(p, pv)} | {ratio(cv, pv) if c else ''} | "
                 f"{cell(y, yv)} | {ratio(cv, yv) if c else ''} |")
lines.append("")
lines.append("Hand-written Python's parse figure is the parse part of its import (it includes reading the "
             "file); pandas' JSON figure needs BENCH_PEER_JSON=1.")
text = "\n".join(lines)
open(os.path.join(work, "results.md"), "w").write(text + "\n")
print("== results ==")
print(text)
print(f"\n(also in {os.path.join(work, 'results.md')}; raw runs in careergraph.json and peers.json)")
EOF
