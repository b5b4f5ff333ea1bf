#!/usr/bin/env bash
# Runs the sequence-distance benchmark (bench_seq: all-pairs OM, indel 1, TRATE costs, on mvad and
# on 5,000 / 10,000 / 20,000 resampled mvad sequences), then times the WHOLE PROCESS of
# `careergraph seq dist` on the same files (reading the CSV, costs, distances, writing the .npy),
# with its peak memory, and base R's utils::adist as the peer (OM with CONSTANT costs 2 and indel
# 1, so our CLI runs with --sm CONSTANT for that row), checking that R's matrix equals ours.
# Prints one side-by-side table with the machine it ran on. Builds nothing.
#
# Usage: bench/run_seq.sh BUILD_DIR      (`make bench-seq` passes it)
# Environment:
#   BENCH_SIZES=5000,10000,20000   resampled set sizes for bench_seq and the CLI
#   BENCH_RUNS=3                   runs per step (median reported)
#   BENCH_R_SIZES=mvad             sets R's adist runs on (mvad takes R ~11 s; 5000 would take ~9 min)
#   BENCH_WORKDIR=BUILD_DIR/bench-seq   where the data, matrices and results go
#   PYTHON=/usr/bin/python3
set -euo pipefail
build="$(cd "${1:?usage: bench/run_seq.sh BUILD_DIR}" && pwd)"
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="$build/bench/bench_seq"
cli="$build/careergraph"
[ -x "$bin" ] || { echo "run_seq.sh: $bin not found; build with -DCG_BENCH=ON (make bench-seq)" >&2; exit 1; }
[ -x "$cli" ] || { echo "run_seq.sh: $cli not found" >&2; exit 1; }
sizes="${BENCH_SIZES:-5000,10000,20000}"
runs="${BENCH_RUNS:-3}"
r_sizes="${BENCH_R_SIZES:-mvad}"
work="${BENCH_WORKDIR:-$build/bench-seq}"
py="${PYTHON:-/usr/bin/python3}"
mkdir -p "$work/data"

echo "== careergraph: bench_seq (mvad and $sizes, up to $runs runs) =="
"$bin" --json --sizes "$sizes" --runs "$runs" --write-data "$work/data" > "$work/careergraph.json"
echo

"$py" - "$work" "$here" "$cli" "$sizes" "$runs" "$r_sizes" <<'PYEOF'
import json, os, platform, re, shutil, statistics, subprocess, sys
work, here, cli, sizes, runs, r_sizes = sys.argv[1:7]
runs = int(runs)
sets = ["mvad"] + [s for s in sizes.split(",") if s]
r_sets = [s for s in r_sizes.split(",") if s]
data = {s: os.path.join(work, "data", "mvad.csv" if s == "mvad" else f"seq{s}.csv") for s in sets}
time_bin = shutil.which("time", path="/usr/bin")

def timed(cmd):
    """Wall seconds and peak resident set (MB) of one whole process."""
    if time_bin:
        out = os.path.join(work, "time.txt")
        subprocess.run([time_bin, "-f", "%e %M", "-o", out] + cmd, check=True, stdout=subprocess.DEVNULL)
        wall, kb = open(out).read().split()[-2:]
        return float(wall), int(kb) / 1024
    # No /usr/bin/time: a fresh Python whose only child is the command.
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
             "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    wall, kb = subprocess.run([sys.executable, "-c", probe] + cmd, check=True, capture_output=True,
                              text=True).stdout.split()
    return float(wall), int(kb) / 1024

def cli_run(s, sm):
    out = os.path.join(work, f"{s}-{sm}.npy")
    cmd = [cli, "seq", "dist", "--input", data[s], "--states", "2:71", "--id", "id", "--method", "OM", "--sm", sm,
           "--indel", "1", "--out", out]
    res = [timed(cmd) for _ in range(runs)]
    print(f"  CLI {sm:<8} {s:>6}: " + ", ".join(f"{w:.2f} s" for w, _ in res) + f"; peak {max(m for _, m in res):.0f} MB",
          file=sys.stderr)
    return {"median_s": statistics.median(w for w, _ in res), "peak_mb": max(m for _, m in res), "npy": out}

print("== careergraph seq dist, whole process ==", file=sys.stderr)
cli_trate = {s: cli_run(s, "TRATE") for s in sets}
cli_const = {s: cli_run(s, "CONSTANT") for s in r_sets}
print("\n== R: utils::adist ==", file=sys.stderr)
r = {}
for s in r_sets:
    out = subprocess.run(["Rscript", os.path.join(here, "bench", "compare_seq.R"), data[s], cli_const[s]["npy"], s],
                         check=True, capture_output=True, text=True).stdout
    r[s] = json.loads(out.strip().splitlines()[-1])
    print(f"  adist {s:>6}: {r[s]['seconds']:.2f} s, max |R − ours| = {r[s]['max_abs_diff']}", file=sys.stderr)
    if r[s]["max_abs_diff"] != 0:
        sys.exit(f"run_seq.sh: R's adist and our CONSTANT OM differ on {s} (max {r[s]['max_abs_diff']})")

cg = json.load(open(os.path.join(work, "careergraph.json")))
ours = {x["id"]: x for x in cg["results"]}
lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
cpu = (re.search(r"^Model name:\s*(.+)$", lscpu, re.M) or [None, "?"])[1]
mem = round(int(open("/proc/meminfo").readline().split()[1]) / 1024 / 1024, 1)
commit = subprocess.run(["git", "-C", here, "describe", "--always", "--dirty"], capture_output=True,
                        text=True).stdout.strip()
traminer = {"mvad": "≈ 1.0 s", "5000": "78–89 s", "10000": "≈ 300 s, 2.7 GiB"}
traminer_s = {"mvad": 1.0, "5000": 83.5, "10000": 300}
lines = [f"Machine: {cpu}, {os.cpu_count()} CPUs, {mem} GiB, Linux {platform.release()}; lane kernel "
         f"{cg['isa']} ({cg['lanes']} doubles), clock {cg['ghz']:.2f} GHz ({cg['clock_source']}); R: "
         f"{next(iter(r.values()))['R'] if r else 'not run'}. Code: {commit}. Load average before: {os.getloadavg()[0]:.2f}.",
         f"Median of up to {runs} runs. bench_seq = FindDistinct + TrateCosts + SeqDistances in a forked process "
         f"(memory: peak resident set added); CLI = the whole `careergraph seq dist` process (read CSV, distances, "
         f"write .npy; memory: peak resident set). Peak = {cg['cores']} cores × {cg['lanes']} lanes × clock "
         f"= {cg['peak_lane_cells_per_s']:.3g} cells/s. TraMineR 2.2 timings are quoted from the issue, not measured here.",
         "",
         "| sequences | distinct | pairs | bench_seq OM TRATE | cells/s | of peak | memory | CLI OM TRATE (whole process) "
         "| CLI memory | TraMineR 2.2 (quoted) | vs TraMineR | CLI OM CONSTANT | R adist (CONSTANT) | R memory | vs R |",
         "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
for s in sets:
    o, c = ours[s], cli_trate[s]
    row = [f"{'mvad (712 rows)' if s == 'mvad' else f'{int(s):,} resampled'}", f"{o['distinct']:,}", f"{o['pairs']:,.0f}",
           f"{o['median_s']:.3f} s", f"{o['cells_per_s']:.3g}", f"{100 * o['cells_per_s'] / cg['peak_lane_cells_per_s']:.0f} %",
           f"{o['peak_extra_mb']:.0f} MB", f"{c['median_s']:.2f} s", f"{c['peak_mb']:.0f} MB",
           traminer.get(s, ""), f"{traminer_s[s] / c['median_s']:.0f}×" if s in traminer_s else ""]
    if s in r:
        k = cli_const[s]
        row += [f"{k['median_s']:.2f} s", f"{r[s]['seconds']:.2f} s", f"{r[s]['peak_extra_mb']:.0f} MB",
                f"{r[s]['seconds'] / k['median_s']:.0f}×"]
    else:
        row += ["", "", "", ""]
    lines.append("| " + " | ".join(row) + " |")
text = "\n".join(lines)
open(os.path.join(work, "results.md"), "w").write(text + "\n")
print("\n== results ==")
print(text)
PYEOF
