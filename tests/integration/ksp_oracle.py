"""KShortestPaths (through tests/tools/ksp_tool) against networkx's shortest_simple_paths.

    ksp_oracle.py KSP_TOOL TMPDIR

Seeded random directed graphs of 5 to 300 nodes: weights −log p of each node's random,
normalised out-probabilities (the planner's weights), and graphs with integer weights 1..3 (many
tied costs). For each query (source, target, k [, max_edges]) networkx's paths come from
itertools.islice(nx.shortest_simple_paths(G, s, t, weight="weight"), k) — read further while
the next path ties the k-th, and, for a bound on edges, filtered by edge count until k pass (or,
when that takes more than GENERATOR_CAP paths, all of networkx's simple paths within the bound,
sorted by cost). Checks:

  * every path of ours is a simple path source → target of the graph, its cost the sum of its
    weights (1e-9), and within max_edges;
  * the same number of paths; equal costs (1e-9) at every rank;
  * the same path at every rank whose cost is not tied; for a group of tied costs, the same set
    of paths (the last group may be cut by k: ours are then among networkx's);
  * our ties follow the header's order: within costs equal to 1e-12 relative, fewer edges first,
    then the node sequence.

Prints one line per graph and a summary "ksp oracle: N passed, M failed"; exits 1 on a failure.
"""
import json
import math
import random
import subprocess
import sys
import time

import networkx as nx

TOL = 1e-9
stats = {}
failures = 0
checks = 0


def check(name, ok, detail=""):
    global failures, checks
    checks += 1
    if not ok:
        failures += 1
        if failures <= 30:
            print(f"FAIL {name} {detail}")


def tied(a, b, tol=TOL):
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def prob_graph(rng, n, degree):
    """Each node moves to `degree` random others (fewer near the end for variety), with random
    normalised probabilities; weight −log p."""
    edges = []
    for u in range(n):
        d = min(n - 1, max(1, int(rng.expovariate(1 / degree)) + 1))
        heads = rng.sample([v for v in range(n) if v != u], d)
        raw = [rng.random() ** 2 + 1e-3 for _ in heads]
        total = sum(raw)
        edges += [(u, v, -math.log(x / total)) for v, x in zip(heads, raw)]
    return edges


def int_graph(rng, n, degree):
    edges = []
    for u in range(n):
        for v in rng.sample([v for v in range(n) if v != u], min(n - 1, degree)):
            edges.append((u, v, float(rng.randint(1, 3))))
    return edges


# networkx's generator slows down as it goes (each path is checked against the ones before), so
# it is read for at most this many paths; past that, a bound on edges is checked against every
# simple path within the bound (nx.all_simple_paths with cutoff), sorted by cost.
GENERATOR_CAP = 300


def nx_reference(G, s, t, k, max_edges):
    """networkx's paths: the first k (with max_edges, the first k of at most max_edges edges),
    plus every later path that ties the k-th; and whether the list is complete."""
    out = []
    try:
        for seen, p in enumerate(nx.shortest_simple_paths(G, s, t, weight="weight"), 1):
            c = sum_path(G, p)
            if len(out) >= k and not tied(c, out[k - 1][1]):
                return out, True
            if max_edges is None or len(p) - 1 <= max_edges:
                out.append((tuple(p), c))
            if seen >= GENERATOR_CAP:
                break
        else:
            return out, True
    except nx.NetworkXNoPath:
        return [], True
    if max_edges is None:
        stats["incomplete"] += 1
        return out, False
    stats["all_simple_paths"] += 1
    every = [(tuple(p), sum_path(G, p)) for p in nx.all_simple_paths(G, s, t, cutoff=max_edges)]
    return sorted(every, key=lambda x: x[1]), True


def sum_path(G, p):
    c = 0.0
    for a, b in zip(p, p[1:]):
        c += G[a][b]["weight"]
    return c


def compare(name, G, s, t, k, max_edges, ours, ref, complete):
    # Our paths are real paths with the costs we claim.
    for i, (nodes, c) in enumerate(ours):
        ok = (len(nodes) >= 2 and nodes[0] == s and nodes[-1] == t and len(set(nodes)) == len(nodes)
              and all(G.has_edge(a, b) for a, b in zip(nodes, nodes[1:])))
        check(f"{name}: rank {i} is a simple path", ok, str(nodes))
        if ok:
            check(f"{name}: rank {i} cost", tied(sum_path(G, nodes), c), f"{sum_path(G, nodes)} vs {c}")
        if max_edges is not None:
            check(f"{name}: rank {i} within max_edges", len(nodes) - 1 <= max_edges, str(nodes))
    if not complete:
        # networkx ran out of patience: compare the ranks below the last cost it reached.
        limit = ref[-1][1] if ref else math.inf
        ref = [r for r in ref if not tied(r[1], limit) and r[1] < limit]
        ours = ours[:len(ref)]
        k = min(k, len(ref))
    want = min(k, len(ref))
    check(f"{name}: count", len(ours) == want, f"{len(ours)} vs {want}")
    if len(ours) != want:
        return
    for i in range(want):
        check(f"{name}: rank {i} cost vs networkx", tied(ours[i][1], ref[i][1]), f"{ours[i][1]} vs {ref[i][1]}")
    # Tied groups of networkx's list (chained within TOL), compared as sets.
    i = 0
    while i < want:
        j = i
        while j + 1 < len(ref) and tied(ref[j + 1][1], ref[j][1]):
            j += 1
        group_ref = {p for p, _ in ref[i:j + 1]}
        group_ours = {p for p, _ in ours[i:min(j + 1, want)]}
        if j + 1 <= want:
            if j == i:
                check(f"{name}: rank {i} path", ours[i][0] == ref[i][0], f"{ours[i][0]} vs {ref[i][0]}")
            else:
                check(f"{name}: tied ranks {i}..{j} same paths", group_ours == group_ref,
                      f"{sorted(group_ours)} vs {sorted(group_ref)}")
        else:
            check(f"{name}: tied ranks {i}.. (cut by k) among networkx's", group_ours <= group_ref,
                  f"{sorted(group_ours - group_ref)} not in networkx's group")
        i = j + 1
    # Our order inside ties: fewer edges, then nodes.
    for a, b in zip(ours, ours[1:]):
        if abs(a[1] - b[1]) <= 1e-12 * max(a[1], b[1]):
            check(f"{name}: tie order", (len(a[0]), a[0]) < (len(b[0]), b[0]), f"{a} before {b}")


def run_graph(tool, tmp, label, n, edges, queries):
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    for u, v, w in edges:
        G.add_edge(u, v, weight=w)
    path = f"{tmp}/{label}.txt"
    with open(path, "w") as f:
        f.write(f"{n} {len(edges)}\n")
        for u, v, w in edges:
            f.write(f"{u} {v} {w:.17g}\n")
        for q in queries:
            f.write(" ".join(str(x) for x in q) + "\n")
    p = subprocess.run([tool, path], capture_output=True, text=True)
    if p.returncode != 0:
        check(f"{label}: ksp_tool runs", False, p.stderr)
        return
    lines = [json.loads(x) for x in p.stdout.splitlines()]
    check(f"{label}: one answer per query", len(lines) == len(queries), f"{len(lines)} vs {len(queries)}")
    t0 = time.time()
    paths = 0
    stats.update(none=0, all_simple_paths=0, incomplete=0, bounded=0)
    for q, line in zip(queries, lines):
        s, t, k = q[:3]
        max_edges = q[3] if len(q) > 3 else None
        ours = [(tuple(x["nodes"]), x["cost"]) for x in line["paths"]]
        paths += len(ours)
        stats["none"] += not ours
        stats["bounded"] += max_edges is not None
        name = f"{label} {s}->{t} k={k}" + (f" max_edges={max_edges}" if max_edges is not None else "")
        if s == t:
            check(f"{name}: source == target gives nothing", ours == [])
            continue
        ref, complete = nx_reference(G, s, t, k, max_edges)
        compare(name, G, s, t, k, max_edges, ours, ref, complete)
    print(f"{label}: {n} nodes, {len(edges)} edges, {len(queries)} queries ({stats['bounded']} bounded, "
          f"{stats['none']} without a path), {paths} paths; networkx {time.time() - t0:.1f} s"
          + (f", all_simple_paths for {stats['all_simple_paths']}" if stats["all_simple_paths"] else "")
          + (f", {stats['incomplete']} compared below networkx's last cost" if stats["incomplete"] else ""))


def main():
    tool, tmp = sys.argv[1:3]
    rng = random.Random(20240611)
    plan = [  # (nodes, degree, queries, ks, bounds on edges)
        (5, 3, 10, [1, 3, 10], [1, 2, 3]),
        (8, 3, 12, [1, 5, 40], [2, 3, 4]),
        (12, 4, 12, [3, 10, 30], [2, 3, 5]),
        (20, 4, 12, [5, 20], [3, 4, 6]),
        (40, 4, 10, [5, 15], [3, 5]),
        (80, 5, 8, [5, 10], [4, 6]),
        (150, 6, 6, [5, 10], [5]),
        (300, 6, 5, [5, 8], [6]),
    ]
    for n, degree, nq, ks, bounds in plan:
        for kind in ("prob", "int"):
            edges = prob_graph(rng, n, degree) if kind == "prob" else int_graph(rng, n, degree)
            queries = []
            for _ in range(nq):
                s, t = rng.randrange(n), rng.randrange(n)
                queries.append((s, t, rng.choice(ks)))
                if n <= 150:
                    queries.append((s, t, rng.choice(ks), rng.choice(bounds)))
            queries.append((0, 0, 5))
            run_graph(tool, tmp, f"{kind}{n}", n, edges, queries)
    print(f"ksp oracle: {checks - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
