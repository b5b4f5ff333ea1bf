#!/usr/bin/env python3
"""The networkx peer of bench_plan: the same k shortest simple paths on the same graph, the way a
networkx user computes them, timed query by query, with the costs checked against careergraph's.

    compare_plan.py WORKDIR [--queries N] [--bounded-queries M] [--json]

WORKDIR holds what bench_plan wrote: graph.txt ("n m", then "from to weight"), queries.txt
("source target k [max_edges]": run 1, then run 2 with a bound on edges) and ours.jsonl (one line
a query: careergraph's costs and its time).

  run 1  list(itertools.islice(nx.shortest_simple_paths(G, s, t, weight="weight"), k)) for the
         first N queries (default 200)
  run 2  the same generator read until k paths of at most max_edges edges have passed (networkx
         has no bound on edges) for the first M queries of run 2 (default 100)

Every query's costs must equal careergraph's to 1e-9 at every rank, or the script exits 1. Times
are wall-clock per query (time.perf_counter) and this thread's CPU time (time.thread_time); the
ratio compares them with careergraph's times for the same queries.
"""
import argparse
import itertools
import json
import os
import platform
import sys
import time

import networkx as nx


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def percentile(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def load(work):
    G = nx.DiGraph()
    with open(os.path.join(work, "graph.txt")) as f:
        n, m = map(int, f.readline().split())
        G.add_nodes_from(range(n))
        for line in f:
            a, b, w = line.split()
            G.add_edge(int(a), int(b), weight=float(w))
    queries = [tuple(int(x) for x in line.split()) for line in open(os.path.join(work, "queries.txt"))]
    ours = [json.loads(line) for line in open(os.path.join(work, "ours.jsonl"))]
    assert len(queries) == len(ours), "queries.txt and ours.jsonl differ in length"
    return G, n, m, queries, ours


def cost(G, p):
    c = 0.0
    for a, b in zip(p, p[1:]):
        c += G[a][b]["weight"]
    return c


def k_shortest(G, s, t, k, max_edges):
    gen = nx.shortest_simple_paths(G, s, t, weight="weight")
    if max_edges is None:
        return list(itertools.islice(gen, k))
    out = []
    for p in gen:
        if len(p) - 1 <= max_edges:
            out.append(p)
            if len(out) == k:
                break
    return out


def run(G, queries, ours, label):
    wall, cpu, ours_us, ours_cpu = [], [], [], []
    mismatches = 0
    for i, (q, o) in enumerate(zip(queries, ours)):
        s, t, k = q[:3]
        max_edges = q[3] if len(q) > 3 else None
        w0, c0 = time.perf_counter(), time.thread_time()
        paths = k_shortest(G, s, t, k, max_edges)
        c1, w1 = time.thread_time(), time.perf_counter()
        wall.append((w1 - w0) * 1e6)
        cpu.append((c1 - c0) * 1e6)
        ours_us.append(o["us"])
        ours_cpu.append(o["cpu_us"])
        costs = [cost(G, p) for p in paths]
        agree = len(costs) == len(o["costs"]) and all(abs(a - b) <= 1e-9 * max(1.0, abs(a))
                                                      for a, b in zip(costs, o["costs"]))
        if not agree:
            mismatches += 1
            if mismatches <= 5:
                log(f"MISMATCH {label} query {i} ({s} -> {t}, k {k}, max_edges {max_edges}): networkx {costs}, "
                    f"careergraph {o['costs']}")
        if (i + 1) % 50 == 0:
            log(f"  {label}: {i + 1}/{len(queries)} queries, networkx median so far {median(wall) / 1e3:.1f} ms")
    return {
        "id": label,
        "queries": len(queries),
        "mismatches": mismatches,
        "networkx_p50_us": median(wall),
        "networkx_p99_us": percentile(wall, 0.99),
        "networkx_mean_us": sum(wall) / len(wall),
        "networkx_cpu_p50_us": median(cpu),
        "networkx_cpu_p99_us": percentile(cpu, 0.99),
        "ours_p50_us": median(ours_us),
        "ours_p99_us": percentile(ours_us, 0.99),
        "ours_mean_us": sum(ours_us) / len(ours_us),
        "ours_cpu_p50_us": median(ours_cpu),
        "speedup_p50": median(wall) / median(ours_us),
        "speedup_mean": (sum(wall) / len(wall)) / (sum(ours_us) / len(ours_us)),
        "speedup_cpu_p50": median(cpu) / median(ours_cpu),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("workdir")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--bounded-queries", type=int, default=100)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    G, n, m, queries, ours = load(a.workdir)
    half = len(queries) // 2  # bench_plan writes run 1, then run 2 on the same pairs
    plain = [(q, o) for q, o in zip(queries[:half], ours[:half])][:a.queries]
    bounded = [(q, o) for q, o in zip(queries[half:], ours[half:])][:a.bounded_queries]
    log(f"networkx {nx.__version__}: {n} nodes, {m} edges; {len(plain)} + {len(bounded)} queries")
    results = []
    for label, qs in ((f"k{plain[0][0][2]}", plain),
                      (f"k{bounded[0][0][2]}_max{bounded[0][0][3]}", bounded)):
        r = run(G, [q for q, _ in qs], [o for _, o in qs], label)
        log(f"  {label}: networkx p50 {r['networkx_p50_us'] / 1e3:.2f} ms, p99 {r['networkx_p99_us'] / 1e3:.2f} ms; "
            f"careergraph p50 {r['ours_p50_us']:.0f} µs on the same queries: {r['speedup_p50']:.0f}× "
            f"({r['mismatches']} cost mismatches)")
        results.append(r)
    out = {"networkx": nx.__version__, "python": platform.python_version(), "results": results}
    if a.json:
        print(json.dumps(out, indent=2))
    sys.exit(1 if any(r["mismatches"] for r in results) else 0)


if __name__ == "__main__":
    main()
