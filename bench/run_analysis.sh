#!/usr/bin/env bash
# Runs the analysis benchmark (bench_analysis) and its peers — pandas for the transition counts,
# R's survival::survfit for Kaplan–Meier — on the same 10 million simulated spells, and prints
# one side-by-side table with the machine it ran on.
#
# Usage: bench/run_analysis.sh BUILD_DIR      (`make bench-analysis` passes it)
# Environment:
#   BENCH_SPELLS=10000000   spells to simulate
#   BENCH_RUNS=3            runs per step (median reported)
#   BENCH_WORKDIR=BUILD_DIR/bench-analysis   where the columns and results go
#   PYTHON=...              a Python with pandas (default /usr/bin/python3)
set -euo pipefail
build="$(cd "${1:?usage: bench/run_analysis.sh BUILD_DIR}" && pwd)"
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="$build/bench/bench_analysis"
[ -x "$bin" ] || { echo "run_analysis.sh: $bin not found; build with -DCG_BENCH=ON (make bench-analysis)" >&2; exit 1; }
spells="${BENCH_SPELLS:-10000000}"
runs="${BENCH_RUNS:-3}"
work="${BENCH_WORKDIR:-$build/bench-analysis}"
py="${PYTHON:-/usr/bin/python3}"
mkdir -p "$work"

echo "== careergraph: bench_analysis ($spells spells, up to $runs runs) =="
"$bin" --json --spells "$spells" --runs "$runs" --workdir "$work" --frameworks "$here/frameworks" > "$work/careergraph.json"
echo
echo "== pandas: transition counts ($py) =="
"$py" "$here/bench/compare_analysis.py" "$work" --runs "$runs" --json > "$work/pandas.json"
echo
echo "== R: survival::survfit =="
Rscript "$here/bench/compare_survfit.R" "$work" "$runs" > "$work/r.json"
echo

"$py" - "$work" "$here" <<'PYEOF'
import json, os, platform, re, subprocess, sys
work, here = sys.argv[1], sys.argv[2]
cg = json.load(open(os.path.join(work, "careergraph.json")))
pd = json.load(open(os.path.join(work, "pandas.json")))
r = json.load(open(os.path.join(work, "r.json")))
ours = {x["id"]: x for x in cg["results"]}
peer = {(x["tool"], x["id"]): x for x in pd["results"] + r["results"]}
lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
cpu = (re.search(r"^Model name:\s*(.+)$", lscpu, re.M) or [None, "?"])[1]
mem = round(int(open("/proc/meminfo").readline().split()[1]) / 1024 / 1024, 1)
commit = subprocess.run(["git", "-C", here, "describe", "--always", "--dirty"], capture_output=True, text=True).stdout.strip()
spells = cg["spells"]
lines = [f"Population: {cg['people']:,} people, {spells:,} spells (seed {cg['seed']}); spell columns "
         f"{cg['spell_bytes'] / 1e6:.0f} MB (18 bytes a spell).",
         f"Machine: {cpu}, {os.cpu_count()} CPUs, {mem} GiB, Linux {platform.release()}; pandas {pd['pandas']}; "
         f"{r['R']}, survival {r['survival']}. Code: {commit}. Load average before: {os.getloadavg()[0]:.2f}.",
         "Median seconds of up to %s runs, each in a fresh forked process; memory = peak resident set added by the "
         "step (R: gc's max used beyond what was in use before it)." % max(len(x["seconds"]) for x in cg["results"]),
         "",
         "| step | careergraph | peak memory | × spell columns | peer | peer s | peer memory | speed-up |",
         "|---|---:|---:|---:|---|---:|---:|---:|"]
rows = [("transitions (role)", "transitions", [("pandas", "shift"), ("pandas", "groupby")]),
        ("transitions (track)", "transitions_track", []),
        ("flows", "flows", []),
        ("tenure (Kaplan–Meier)", "tenure", [("R", "survfit"), ("R", "prep_survfit")]),
        ("tenure + competing risks", "tenure_cr", []),
        ("transitions + flows + tenure", "all", [])]
for label, cid, peers in rows:
    c = ours[cid]
    first = True
    for key in peers or [None]:
        p = peer.get(key) if key else None
        pname = {("pandas", "shift"): "pandas, whole-column shift", ("pandas", "groupby"): "pandas, groupby shift",
                 ("R", "survfit"): "R survfit on time/status", ("R", "prep_survfit"): "R role spells + survfit"}.get(key, "")
        lines.append(f"| {label if first else ''} | {c['median_s']:.3f} s | {c['peak_extra_mb']:.0f} MB | "
                     f"{c['peak_over_spells']:.2f} | {pname} | {p['median_s']:.2f} s |" if p else
                     f"| {label} | {c['median_s']:.3f} s | {c['peak_extra_mb']:.0f} MB | {c['peak_over_spells']:.2f} | | | | |")
        if p:
            lines[-1] += f" {p['peak_extra_mb']:.0f} MB | {p['median_s'] / c['median_s']:.1f}× |"
        first = False
text = "\n".join(lines)
open(os.path.join(work, "results.md"), "w").write(text + "\n")
print("== results ==")
print(text)
PYEOF
