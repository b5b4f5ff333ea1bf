#!/usr/bin/env python3
"""The pandas peer of bench_analysis: the same transition counts from the same spells, the way a
pandas user would compute them, timed from a DataFrame already in memory (as careergraph's are
from a Population in memory), with the peak memory the computation adds.

    compare_analysis.py WORKDIR [--runs R] [--budget SECONDS] [--json]

WORKDIR holds what bench_analysis wrote: person.i32, state.i32, start.i32, end.i32 (int32
columns, one row a spell, sorted by person and start; ongoing end = 2147483647), states.tsv
(code, id, is_role) and reference.json (careergraph's counts, which the result must equal).

Steps (a move is two consecutive spells of one person in different states, not both
destinations; a first role spell is an entry from `outside`; a last role spell that has ended is
an exit to `outside` — careergraph's definition, analysis/transitions.h):

  groupby   the idiomatic form: df.groupby("person")["state"].shift(-1) for the next state,
            then masks, concat with the entries and exits, and groupby(["from", "to"]).size()
  shift     the vectorised form a careful user writes: one whole-column shift(-1) and a
            same-person mask instead of the groupby shift; the rest the same

The DataFrame has int32 columns person, start, end and a categorical state (the codes), which
is the leanest pandas form of the data. Each run happens in a forked child; memory is the
child's peak resident set (VmHWM, after resetting it) minus its resident set before the step.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import pandas as pd

ONGOING = 2147483647


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def status_kb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def load(work):
    col = lambda n: np.fromfile(os.path.join(work, n + ".i32"), dtype="<i4")
    states = []
    is_role = []
    with open(os.path.join(work, "states.tsv")) as f:
        for line in f:
            code, sid, role = line.rstrip("\n").split("\t")
            states.append(sid)
            is_role.append(role == "1")
    df = pd.DataFrame({
        "person": col("person"),
        "state": pd.Categorical.from_codes(col("state"), categories=states),
        "start": col("start"),
        "end": col("end"),
    })
    return df, states, np.array(is_role)


def transitions(df, is_role, idiomatic):
    role = pd.Series(is_role[df["state"].cat.codes.values], index=df.index)
    state = df["state"].astype(str)
    if idiomatic:
        nxt = state.groupby(df["person"]).shift(-1)
        has_next = nxt.notna()
    else:
        nxt = state.shift(-1)
        has_next = df["person"].eq(df["person"].shift(-1))
    nxt_role = role.shift(-1, fill_value=False)
    pairs = has_next & state.ne(nxt) & (role | nxt_role)
    moves = pd.DataFrame({"from": state[pairs], "to": nxt[pairs]})
    first = df["person"].ne(df["person"].shift(1))
    last = df["person"].ne(df["person"].shift(-1))
    entries = pd.DataFrame({"from": "outside", "to": state[first & role]})
    exits = pd.DataFrame({"from": state[last & role & df["end"].ne(ONGOING)], "to": "outside"})
    return pd.concat([moves, entries, exits]).groupby(["from", "to"]).size()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("workdir")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--budget", type=float, default=60)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    ref = json.load(open(os.path.join(a.workdir, "reference.json")))
    want = {(f, t): n for f, t, n in ref["moves"]}
    df, states, is_role = load(a.workdir)
    log(f"pandas {pd.__version__}: {len(df):,} spells loaded")
    results = []
    for sid, idiomatic in (("groupby", True), ("shift", False)):
        seconds, peak = [], 0
        wall = 0
        for r in range(a.runs):
            rd, wr = os.pipe()
            t0 = time.perf_counter()
            pid = os.fork()
            if pid == 0:
                os.close(rd)
                try:
                    with open("/proc/self/clear_refs", "w") as f:
                        f.write("5")
                    reset = True
                except OSError:
                    reset = False
                before = status_kb("VmRSS")
                s0 = time.perf_counter()
                counts = transitions(df, is_role, idiomatic)
                sec = time.perf_counter() - s0
                extra = status_kb("VmHWM") - before if reset else -1
                got = {k: int(v) for k, v in counts.items()}
                ok = got == want
                os.write(wr, json.dumps({"s": sec, "kb": extra, "ok": ok, "n": int(counts.sum())}).encode())
                os._exit(0)
            os.close(wr)
            msg = b""
            while True:
                chunk = os.read(rd, 65536)
                if not chunk:
                    break
                msg += chunk
            os.close(rd)
            os.waitpid(pid, 0)
            wall += time.perf_counter() - t0
            res = json.loads(msg)
            if not res["ok"]:
                log(f"pandas {sid}: the counts differ from careergraph's")
                sys.exit(1)
            seconds.append(res["s"])
            peak = max(peak, res["kb"])
            log(f"  pandas {sid:<8} run {r + 1}/{a.runs}: {res['s']:7.3f} s  peak +{res['kb'] / 1024:.0f} MB  "
                f"({res['n']:,} moves, equal to careergraph's)")
            if wall > a.budget:
                break
        s = sorted(seconds)
        med = s[len(s) // 2] if len(s) % 2 else (s[len(s) // 2 - 1] + s[len(s) // 2]) / 2
        results.append({"tool": "pandas", "id": sid, "seconds": seconds, "median_s": med, "best_s": s[0],
                        "peak_extra_mb": peak / 1024})
    out = {"pandas": pd.__version__, "results": results}
    if a.json:
        print(json.dumps(out, indent=2))
    else:
        print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
