#!/usr/bin/env python3
"""The peers of bench_io: the same careers file read, validated, stored and loaded the way a
user would do it without careergraph, with pandas and with the Python standard library.

    compare_pandas.py CSV [--json-input JSON] [--framework TOML] [--runs R] [--budget SECONDS]
                          [--steps ID,...] [--with-json] [--in-process] [--workdir DIR] [--json]

CSV and JSON are the files bench_io writes (careers.csv, careers.json). Steps, each timed end to
end and reported as spells per second (best and median run):

  pandas
    csv_parse    pd.read_csv(dtype=str, keep_default_na=False) on the text in memory, then the
                 minimal validation below, then a stable sort by person and start
    json_parse   json.loads + pd.json_normalize(record_path="spells") + the same validation
                 (only with --with-json: about 40 s a run on a 2-core machine)
    csv_import   read_csv(file) + validation + sort + DataFrame.to_sql(method=None) into a fresh
                 SQLite file (+ close)          [store_import: the to_sql + close part alone]
    csv_import_multi   the same with to_sql(method="multi", chunksize=5000)
    load         pd.read_sql("SELECT * FROM spell") from that file
    export_csv   DataFrame.to_csv(index=False) to a string
  python (hand-written: csv module + sqlite3)
    csv_import   read the file + csv.reader + the same checks row by row + spells grouped by
                 person and sorted [csv_parse: this part alone] + sqlite3 executemany into a
                 fresh SQLite file [store_import: this part alone]
    load         cursor.execute("SELECT * FROM spell").fetchall()
    export_csv   csv.writer into a StringIO

The minimal validation: start is YYYY, YYYY-MM or YYYY-MM-DD and a real date (pd.to_datetime
with the format %Y, %Y-%m or %Y-%m-%d picked by the value's length); end is empty or the same
and not before start; role is a role or destination id of the framework. careergraph checks more
(UTF-8, titles and aliases, constant attributes, overlapping spells), so this errs in the peers'
favour. SQLite files get the pragmas careergraph's store uses (WAL, synchronous=NORMAL, 64 MiB
cache) and one transaction, so the comparison is about the code, not the settings.

A step runs up to --runs times, but no further once another run would take its runs past
--budget seconds. Each run happens in a forked child process, like bench_io's, so that what a
step allocates is new memory to the process, as in a fresh `python script.py` (set-up such as
loading the table that export writes happens in the child, untimed). With --json the results go
to stdout as JSON and the log to stderr.
"""

import argparse
import csv
import datetime
import gc
import io
import json
import os
import sqlite3
import statistics
import sys
import time
import traceback

import pandas as pd

try:
    import tomllib
except ImportError:  # Python < 3.11
    tomllib = None

LOG = sys.stdout


def log(msg):
    print(msg, file=LOG, flush=True)


def framework_states(path):
    """Role and destination ids of the framework (the set a spell's role must be in)."""
    if path and tomllib is not None and os.path.exists(path):
        with open(path, "rb") as f:
            doc = tomllib.load(f)
        ids = {r["id"] for r in doc.get("role", [])} | {d["id"] for d in doc.get("destination", [])}
        if ids:
            return ids
    return None  # unknown: the role check is skipped


def fresh_db(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.remove(path + suffix)
        except FileNotFoundError:
            pass
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = NORMAL")
    con.execute("PRAGMA cache_size = -65536")
    return con


# --- pandas ---

DATE_FORMATS = ((4, "%Y"), (7, "%Y-%m"), (10, "%Y-%m-%d"))


def pandas_dates(col, required):
    """Parses a column of YYYY / YYYY-MM / YYYY-MM-DD strings; raises on a bad value."""
    lengths = col.str.len()
    out = pd.Series(pd.NaT, index=col.index, dtype="datetime64[ns]")
    for n, fmt in DATE_FORMATS:
        mask = lengths == n
        if mask.any():
            out[mask] = pd.to_datetime(col[mask], format=fmt, errors="raise")
    bad = ~lengths.isin([n for n, _ in DATE_FORMATS]) & ((lengths > 0) | required)
    if bad.any():
        raise ValueError(f"{int(bad.sum())} bad dates in '{col.name}', e.g. {col[bad].iloc[0]!r}")
    return out


def pandas_validate_sort(df, states):
    if (df["person_id"] == "").any():
        raise ValueError("empty person_id")
    if states is not None:
        unknown = ~df["role"].isin(states)
        if unknown.any():
            raise ValueError(f"unknown role {df['role'][unknown].iloc[0]!r}")
    start = pandas_dates(df["start"], required=True)
    end = pandas_dates(df["end"], required=False)
    if (end < start).any():
        raise ValueError("a spell ends before it starts")
    df = df.assign(_start=start).sort_values(["person_id", "_start"], kind="stable")
    return df.drop(columns="_start").reset_index(drop=True)


def pandas_read_csv(source):
    return pd.read_csv(source, dtype=str, keep_default_na=False)


def pandas_json(text, states):
    people = json.loads(text)
    df = pd.json_normalize(people, record_path="spells", meta=["person_id", ["attributes", "location"]])
    for c in ("title", "end"):  # absent title / null end -> "" as in the CSV
        df[c] = df[c].fillna("")
    df = df.rename(columns={"attributes.location": "location"})
    return pandas_validate_sort(df[["person_id", "role", "title", "start", "end", "location"]], states)


# --- hand-written Python ---

def py_date(s):
    n = len(s)
    if n == 4:
        return datetime.date(int(s), 1, 1)
    if n == 7 and s[4] == "-":
        return datetime.date(int(s[:4]), int(s[5:7]), 1)
    if n == 10 and s[4] == "-" and s[7] == "-":
        return datetime.date(int(s[:4]), int(s[5:7]), int(s[8:10]))
    raise ValueError(f"bad date {s!r}")


def py_add(people, states, person_id, role, title, start, end, rest):
    if not person_id:
        raise ValueError("empty person_id")
    if states is not None and role not in states:
        raise ValueError(f"unknown role {role!r}")
    s = py_date(start)
    if end and py_date(end) < s:
        raise ValueError("a spell ends before it starts")
    people.setdefault(person_id, []).append((s, role, title, start, end, rest))


def py_finish(people):
    rows = []
    for pid, spells in people.items():
        spells.sort(key=lambda t: t[0])
        for _, role, title, start, end, rest in spells:
            rows.append((pid, role, title, start, end, *rest))
    return rows


def py_csv(text, states):
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    if header[:5] != ["person_id", "role", "title", "start", "end"]:
        raise ValueError(f"unexpected header {header}")
    width = len(header)
    people = {}
    for row in reader:
        if len(row) != width:
            raise ValueError(f"row with {len(row)} fields")
        py_add(people, states, row[0], row[1], row[2], row[3], row[4], row[5:])
    return header, py_finish(people)


def warm_up(csv_text, states):
    """Runs every pandas and Python path once on a few rows, in this process, so that the lazy
    imports and caches of their first use are not paid again (and timed) in every forked run."""
    small = "".join(csv_text.splitlines(keepends=True)[:500])
    df = pandas_validate_sort(pandas_read_csv(io.StringIO(small)), states)
    people = {}
    for row in df.itertuples(index=False):
        p = people.setdefault(row.person_id, {"person_id": row.person_id,
                                              "attributes": {"location": row.location}, "spells": []})
        p["spells"].append({"role": row.role, "title": row.title, "start": row.start, "end": row.end or None})
    pandas_json(json.dumps(list(people.values())), states)
    for method in (None, "multi"):
        con = sqlite3.connect(":memory:")
        df.to_sql("spell", con, index=False, method=method, chunksize=100)
        pd.read_sql("SELECT * FROM spell", con).to_csv(index=False)
        con.close()
    py_csv(small, states)
    csv.writer(io.StringIO()).writerows([("a", "b")])


# --- timing ---

def run_forked(body, pre=None):
    """Runs body() in a forked child (a fresh heap for what it allocates, as a new process has)
    and returns its result, which must be JSON-serialisable. pre(), untimed, runs first in the
    child: the warm-up, so that the child's first writes to objects it shares with the parent
    (reference counts of functions, modules, types: each a copy-on-write page fault) are not
    timed either."""
    # Objects the parent already has stay out of the child's garbage collections, which would
    # otherwise write to (and so copy) every page holding them.
    gc.freeze()
    r, w = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        code, data = 0, b""
        try:
            if pre:
                pre()
            data = json.dumps(body()).encode()
        except BaseException:  # report and fail the run
            traceback.print_exc()
            code = 1
        with os.fdopen(w, "wb") as f:
            f.write(data)
        os._exit(code)
    os.close(w)
    with os.fdopen(r, "rb") as f:
        data = f.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        sys.exit("compare_pandas.py: a benchmark run failed (see above)")
    return json.loads(data)


PART_NAMES = {
    "store_import": "  of which the SQLite write + close",
    "store_import_multi": "  of which the SQLite write + close",
    "csv_parse": "  of which reading + parsing + checks",
}


class Bench:
    def __init__(self, runs, budget, fork, pre=None):
        self.runs, self.budget, self.fork, self.pre = runs, budget, fork, pre
        self.results = []

    def measure(self, tool, step_id, name, items, body, runs=None):
        """body() returns [seconds timed, {part id: seconds}] (set-up inside it is not timed)."""
        runs = runs or self.runs
        seconds, parts, wall = [], {}, 0.0
        for r in range(runs):
            t = time.perf_counter()
            s, p = run_forked(body, self.pre) if self.fork else body()
            run_wall = time.perf_counter() - t
            wall += run_wall
            seconds.append(s)
            for k, v in p.items():
                parts.setdefault(k, []).append(v)
            log(f"  {tool:<6} {step_id:<17} run {r + 1}/{runs}: {s:7.3f} s  {items / s:12.0f} spells/s")
            if r + 1 < runs and wall + run_wall > self.budget:
                log(f"  {tool:<6} {step_id:<17} (run budget of {self.budget:.0f} s reached: "
                    f"{len(seconds)} run(s))")
                break

        def row(i, n, secs):
            return {"tool": tool, "id": i, "name": n, "items": items, "seconds": secs,
                    "best_s": min(secs), "median_s": statistics.median(secs),
                    "best_per_s": items / min(secs), "median_per_s": items / statistics.median(secs)}

        self.results.append(row(step_id, name, seconds))
        for k, v in parts.items():
            self.results.append(row(k, PART_NAMES.get(k, k), v))


def timed(fn, check=None):
    t = time.perf_counter()
    out = fn()
    s = time.perf_counter() - t
    if check:
        check(out)
    return [s, {}]


def main():
    global LOG
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("csv")
    ap.add_argument("--json-input", help="the same careers as JSON (default: CSV with .json)")
    ap.add_argument("--framework", help="framework TOML, for the role check")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--budget", type=float, default=16.0,
                    help="no further run of a step once another would take its runs (wall time, "
                         "with their untimed set-up) past this many seconds")
    ap.add_argument("--with-json", action="store_true",
                    help="also time pandas on the JSON file (about 40 s a run on a small machine)")
    ap.add_argument("--workdir", help="where the SQLite files go (default: beside CSV)")
    ap.add_argument("--steps", help="comma-separated step ids to run (default: all)")
    ap.add_argument("--in-process", action="store_true",
                    help="run in this process rather than a forked child per run")
    ap.add_argument("--json", action="store_true", help="results as JSON on stdout")
    a = ap.parse_args()
    if a.json:
        LOG = sys.stderr
    workdir = a.workdir or os.path.dirname(os.path.abspath(a.csv))
    json_path = a.json_input or os.path.splitext(a.csv)[0] + ".json"
    states = framework_states(a.framework)
    steps = set(a.steps.split(",")) if a.steps else None
    want = lambda s: steps is None or s in steps  # noqa: E731
    if a.with_json and steps is not None:
        steps.add("json_parse")
    want_json = a.with_json or (steps is not None and "json_parse" in steps)

    with open(a.csv, encoding="utf-8") as f:
        csv_text = f.read()
    csv_bytes = csv_text.encode("utf-8")
    items = csv_text.count("\n") - 1  # one spell a line (bench_io's file has no quoted newlines)
    json_text = None
    if want_json and os.path.exists(json_path):
        with open(json_path, encoding="utf-8") as f:
            json_text = f.read()
    log(f"peers: {items} spells from {a.csv}; pandas {pd.__version__}, SQLite {sqlite3.sqlite_version}, "
        f"Python {sys.version.split()[0]}; role check {'on' if states else 'off'}; "
        f"{'in process' if a.in_process else 'a forked child per run'}")
    warm_up(csv_text, states)
    bench = Bench(a.runs, a.budget, not a.in_process, pre=lambda: warm_up(csv_text, states))
    pandas_db = os.path.join(workdir, "pandas.db")
    python_db = os.path.join(workdir, "python.db")
    ok_len = lambda obj: None if len(obj) == items else sys.exit(f"{len(obj)} rows, expected {items}")  # noqa: E731

    # ---- pandas ----
    if want("csv_parse"):
        bench.measure("pandas", "csv_parse", "read_csv + validate + sort (in memory)", items, lambda: timed(
            lambda: pandas_validate_sort(pandas_read_csv(io.BytesIO(csv_bytes)), states), ok_len))

    if json_text is not None:
        bench.measure("pandas", "json_parse", "json.loads + json_normalize + validate", items, lambda: timed(
            lambda: pandas_json(json_text, states), ok_len))

    def pandas_import(db, part, **to_sql):
        def body():
            t = time.perf_counter()
            df = pandas_validate_sort(pandas_read_csv(a.csv), states)
            con = fresh_db(db)
            t2 = time.perf_counter()
            df.to_sql("spell", con, index=False, **to_sql)
            con.close()
            end = time.perf_counter()
            return [end - t, {part: end - t2}]
        return body

    if want("csv_import") or want("load") or want("export_csv"):
        bench.measure("pandas", "csv_import", "read_csv + validate + to_sql(method=None)", items,
                      pandas_import(pandas_db, "store_import"), runs=None if want("csv_import") else 1)
    if want("csv_import_multi"):
        bench.measure("pandas", "csv_import_multi", "read_csv + validate + to_sql('multi', 5000)", items,
                      pandas_import(os.path.join(workdir, "pandas_multi.db"), "store_import_multi",
                                    method="multi", chunksize=5000))

    def pandas_load():
        con = sqlite3.connect(pandas_db)
        df = pd.read_sql("SELECT * FROM spell", con)
        con.close()
        return df

    if want("load"):
        bench.measure("pandas", "load", "pd.read_sql (connect + read)", items, lambda: timed(pandas_load, ok_len))

    if want("export_csv"):
        def body():
            df = pandas_load()  # set-up, not timed
            return timed(lambda: df.to_csv(index=False),
                         lambda out: None if len(out) == len(csv_text) else sys.exit("CSV size differs"))
        bench.measure("pandas", "export_csv", "DataFrame.to_csv (in memory)", items, body)

    # ---- hand-written Python ----
    if want("csv_import") or want("load") or want("export_csv"):
        def body():
            t = time.perf_counter()
            with open(a.csv, encoding="utf-8", newline="") as f:
                text = f.read()
            header, rows = py_csv(text, states)
            t1 = time.perf_counter()
            con = fresh_db(python_db)
            t2 = time.perf_counter()
            cols = ", ".join(f'"{c}"' for c in header)
            con.execute(f"CREATE TABLE spell({', '.join(f'{chr(34)}{c}{chr(34)} TEXT' for c in header)})")
            with con:
                con.executemany(f"INSERT INTO spell({cols}) VALUES ({', '.join('?' * len(header))})", rows)
            con.close()
            end = time.perf_counter()
            return [end - t, {"csv_parse": t1 - t, "store_import": end - t2}]
        bench.measure("python", "csv_import", "csv + checks + sqlite3 executemany", items, body,
                      runs=None if want("csv_import") else 1)

    def py_load():
        con = sqlite3.connect(python_db)
        rows = con.execute("SELECT * FROM spell").fetchall()
        con.close()
        return rows

    if want("load"):
        bench.measure("python", "load", "sqlite3 fetchall (connect + read)", items, lambda: timed(py_load, ok_len))

    if want("export_csv"):
        header = csv_text[:csv_text.index("\n")].split(",")

        def body():
            rows = py_load()  # set-up, not timed

            def write():
                buf = io.StringIO()
                w = csv.writer(buf, lineterminator="\n")
                w.writerow(header)
                w.writerows(rows)
                return buf.getvalue()
            return timed(write, lambda out: None if len(out) == len(csv_text) else sys.exit("CSV size differs"))
        bench.measure("python", "export_csv", "csv.writer (in memory)", items, body)

    results = bench.results
    if a.json:
        print(json.dumps({"tool": "peers", "spells": items, "pandas_version": pd.__version__,
                          "sqlite_version": sqlite3.sqlite_version, "python_version": sys.version.split()[0],
                          "role_check": bool(states), "forked_runs": not a.in_process,
                          "runs": a.runs, "budget_s": a.budget, "results": results}, indent=2))
    else:
        print(f"\npeers: {items} spells")
        print(f"{'tool':<7} {'step':<48} {'median s':>9} {'best spells/s':>14} {'median sp/s':>12} runs")
        for r in results:
            print(f"{r['tool']:<7} {r['name']:<48} {r['median_s']:9.3f} {r['best_per_s']:14,.0f} "
                  f"{r['median_per_s']:12,.0f} {len(r['seconds'])}")


if __name__ == "__main__":
    main()
