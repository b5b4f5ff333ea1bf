#!/usr/bin/env bash
# `careergraph tracks discover` against networkx (python3-networkx) on four populations: the
# demo (3000 people, seed 42, frameworks/infrastructure.toml), three clean tracks, a noisy one
# (every move to a random role), and a 20-role one (above the exhaustive limit, so the
# agglomerative search). For each, from the command's JSON (the edge list and the partition):
#   * nx.community.modularity of our partition equals our Q to 1e-12 (also at resolution 0.5);
#   * our best Q is at least greedy_modularity_communities' Q (and, where the search is
#     exhaustive, at least Louvain's under five seeds);
#   * with 9 roles, the whole Q-by-k curve equals a brute force over all 21147 partitions;
#   * ARI, NMI and Kendall's tau-b equal a direct computation here;
#   * the three clean tracks are recovered exactly, in order; the noisy one is one group.
# Usage: tracks_oracle.sh path/to/careergraph. Exit code 0 when every check holds.
set -euo pipefail
cg="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# Debian's python3, where apt installs modules (a pyenv python3 may shadow it on PATH).
py=/usr/bin/python3
[ -x "$py" ] || py=python3

"$py" - "$cg" "$root" "$tmp" <<'PY'
import itertools, json, math, random, subprocess, sys
import networkx as nx

cg, root, tmp = sys.argv[1:4]
failures = 0
checks = 0

def check(name, ok, detail=""):
    global failures, checks
    checks += 1
    if not ok:
        failures += 1
        print(f"FAIL {name} {detail}")

def run(*args):
    p = subprocess.run([cg, *args], capture_output=True, text=True)
    if p.returncode != 0:
        print(f"FAIL command {' '.join(args)}: exit {p.returncode}\n{p.stderr}")
        sys.exit(1)
    return p.stdout

def store(name, framework, careers=None, simulate=None):
    db = f"{tmp}/{name}.db"
    run("init", "--db", db)
    run("framework", "load", framework, "--db", db)
    if careers is not None:
        path = f"{tmp}/{name}.csv"
        with open(path, "w") as f:
            f.write(careers)
        run("import", path, "--db", db)
    if simulate is not None:
        run("simulate", *simulate, "--db", db)
    return db

def framework_toml(name, tracks):
    s = f'[framework]\nid = "{name}"\nname = "{name}"\nversion = "1"\n'
    for t in tracks:
        s += f'\n[[track]]\nid = "{t}"\nname = "{t}"\nkind = "technical"\n'
    for t, roles in tracks.items():
        for i, r in enumerate(roles):
            s += f'\n[[role]]\nid = "{r}"\nname = "{r}"\ntrack = "{t}"\nlevel = {i + 1}\n'
    s += '\n[[destination]]\nid = "outside"\nname = "Outside"\n'
    path = f"{tmp}/{name}.toml"
    with open(path, "w") as f:
        f.write(s)
    return path

def careers_csv(paths):
    lines = ["person_id,role,title,start,end"]
    for p, path in enumerate(paths):
        for i, role in enumerate(path):
            lines.append(f"p{p},{role},,{2000 + i},{2001 + i}")
    return "\n".join(lines) + "\n"

def graph(d):
    g = nx.Graph()
    for r in d["roles"]:
        if r["group"] is not None:
            g.add_node(r["role"])
    for e in d["edges"]:
        a, b, c = e["from"], e["to"], e["count"]
        w = g[a][b]["weight"] if g.has_edge(a, b) else 0
        g.add_edge(a, b, weight=w + c)
    return g

def partition(d):
    groups = {}
    for r in d["roles"]:
        if r["group"] is not None:
            groups.setdefault(r["group"], set()).add(r["role"])
    return [groups[k] for k in sorted(groups)]

def ari(a, b):
    n = len(a)
    c2 = lambda x: x * (x - 1) / 2
    table = {}
    for x, y in zip(a, b):
        table[(x, y)] = table.get((x, y), 0) + 1
    index = sum(c2(v) for v in table.values())
    sa = sum(c2(a.count(x)) for x in set(a))
    sb = sum(c2(b.count(y)) for y in set(b))
    expected = sa * sb / c2(n)
    mx = (sa + sb) / 2
    return 1.0 if mx == expected else (index - expected) / (mx - expected)

def nmi(a, b):
    n = len(a)
    h = lambda lab: -sum(lab.count(x) / n * math.log(lab.count(x) / n) for x in set(lab))
    ha, hb = h(a), h(b)
    if ha == 0 and hb == 0:
        return 1.0
    mi = 0.0
    for x in set(a):
        for y in set(b):
            c = sum(1 for u, v in zip(a, b) if u == x and v == y)
            if c:
                mi += c / n * math.log(c * n / (a.count(x) * b.count(y)))
    return mi / ((ha + hb) / 2)

def tau_b(items):  # items: (stratum, x, y)
    conc = disc = pairs = tx = ty = 0
    for (s1, x1, y1), (s2, x2, y2) in itertools.combinations(items, 2):
        if s1 != s2:
            continue
        pairs += 1
        dx = (x1 > x2) - (x1 < x2)
        dy = (y1 > y2) - (y1 < y2)
        tx += dx == 0
        ty += dy == 0
        conc += dx * dy > 0
        disc += dx * dy < 0
    den = math.sqrt((pairs - tx) * (pairs - ty))
    return None if den == 0 else (conc - disc) / den

def set_partitions(items):
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for p in set_partitions(rest):
        yield [[first]] + p
        for i in range(len(p)):
            yield p[:i] + [[first] + p[i]] + p[i + 1:]

def verify(name, db, resolution=1.0, brute_force=False):
    d = json.loads(run("tracks", "discover", "--format", "json", "--resolution", str(resolution), "--db", db))
    g = graph(d)
    part = partition(d)
    q_nx = nx.community.modularity(g, part, weight="weight", resolution=resolution)
    check(f"{name}: networkx Q of our partition", abs(q_nx - d["modularity"]) < 1e-12, f"{q_nx} vs {d['modularity']}")
    check(f"{name}: Q in the curve", abs(d["modularity_by_k"][len(part) - 1]["modularity"] - d["modularity"]) < 1e-15)
    check(f"{name}: moves = graph weight", g.size(weight="weight") == d["moves"])
    # The best split, forced, as networkx scores it.
    best_k = d["best_k"]
    best = json.loads(run("tracks", "discover", "--format", "json", "--resolution", str(resolution),
                          "--groups", str(best_k), "--null-samples", "0", "--db", db))
    best_part = partition(best)
    q_best = nx.community.modularity(g, best_part, weight="weight", resolution=resolution)
    q_curve = max(c["modularity"] for c in d["modularity_by_k"])
    check(f"{name}: networkx Q of the best split", abs(q_best - q_curve) < 1e-12, f"{q_best} vs {q_curve}")
    greedy = nx.community.greedy_modularity_communities(g, weight="weight", resolution=resolution)
    q_greedy = nx.community.modularity(g, greedy, weight="weight", resolution=resolution)
    check(f"{name}: Q >= greedy_modularity_communities", q_curve >= q_greedy - 1e-12, f"{q_curve} < {q_greedy}")
    q_louvain = max(nx.community.modularity(g, nx.community.louvain_communities(g, weight="weight", resolution=resolution,
                                                                               seed=s), weight="weight",
                                            resolution=resolution) for s in range(5))
    if d["method"] == "exhaustive":
        check(f"{name}: exhaustive Q >= Louvain", q_curve >= q_louvain - 1e-12, f"{q_curve} < {q_louvain}")
    print(f"{name}: {d['method']}, best k = {best_k}, Q = {q_curve:.6f} (greedy {q_greedy:.6f}, Louvain {q_louvain:.6f}), "
          f"rewirings' best {max(d['null_modularity'] or [math.nan]):.4f}, p = {d['p_value']}, groups = {len(d['groups'])}")
    if brute_force:
        nodes = sorted(g.nodes())
        curve = {}
        for p in set_partitions(nodes):
            q = nx.community.modularity(g, p, weight="weight", resolution=resolution)
            curve[len(p)] = max(curve.get(len(p), -math.inf), q)
        ours = {c["k"]: c["modularity"] for c in d["modularity_by_k"]}
        check(f"{name}: brute-force curve", all(abs(curve[k] - ours[k]) < 1e-12 for k in curve) and len(curve) == len(ours),
              f"{curve} vs {ours}")
    # Agreement scores over the placed roles.
    placed = [r for r in d["roles"] if r["group"] is not None]
    a = [r["group"] for r in placed]
    b = [r["framework_track"] for r in placed]
    check(f"{name}: ARI", abs(ari(a, b) - d["agreement"]["ari"]) < 1e-12, f"{ari(a, b)} vs {d['agreement']['ari']}")
    check(f"{name}: NMI", abs(nmi(a, b) - d["agreement"]["nmi"]) < 1e-12, f"{nmi(a, b)} vs {d['agreement']['nmi']}")
    t = tau_b([((r["group"], r["framework_track"]), r["position"], r["framework_level"]) for r in placed])
    ours_t = d["agreement"]["tau_b"]
    check(f"{name}: tau-b", (t is None and ours_t is None) or (t is not None and abs(t - ours_t) < 1e-12), f"{t} vs {ours_t}")
    # Every group's order has no fewer backward moves than its roles in framework order would.
    counts = {(e["from"], e["to"]): e["count"] for e in d["edges"]}
    level = {r["role"]: (r["framework_track"], r["framework_level"]) for r in d["roles"]}
    for grp in d["groups"]:
        rs = grp["roles"]
        back = lambda order: sum(counts.get((order[j], order[i]), 0) for i in range(len(order)) for j in range(i + 1, len(order)))
        check(f"{name}: group {grp['group']} backward moves", back(rs) == grp["backward_moves"])
        check(f"{name}: group {grp['group']} order no worse than the framework's",
              back(rs) <= back(sorted(rs, key=lambda r: level[r])))
    return d

# 1. The demo.
demo = store("demo", f"{root}/frameworks/infrastructure.toml", simulate=["--people", "3000", "--seed", "42"])
d = verify("demo", demo)
verify("demo γ=0.5", demo, resolution=0.5)
verify("demo γ=2", demo, resolution=2.0)
print(f"demo: {len(d['groups'])} groups, Q = {d['modularity']:.4f}, ARI {d['agreement']['ari']:.3f}, "
      f"NMI {d['agreement']['nmi']:.3f}: " + "; ".join(" → ".join(g["roles"]) for g in d["groups"]))

# 2. Three clean tracks, recovered exactly and in order.
tracks = {t: [f"{t}{i}" for i in range(1, 4)] for t in "abc"}
fw = framework_toml("three", tracks)
paths = []
for t in "abc":
    paths += [[f"{t}1", f"{t}2", f"{t}3"]] * 40 + [[f"{t}2", f"{t}1"]] * 5 + [[f"{t}1", f"{t}3"]] * 3
d = verify("three clean tracks", store("three", fw, careers_csv(paths)), brute_force=True)
check("three clean tracks: recovered", [g["roles"] for g in d["groups"]] == [tracks[t] for t in "abc"],
      str([g["roles"] for g in d["groups"]]))
check("three clean tracks: supported", d["supported"] and d["agreement"]["ari"] == 1 and d["agreement"]["nmi"] == 1)

# 3. Noise: every move to a uniformly random other role. No split should be supported.
rng = random.Random(7)
roles = [r for t in "abc" for r in tracks[t]]
paths = []
for _ in range(300):
    path = [rng.choice(roles)]
    for _ in range(rng.randint(1, 4)):
        path.append(rng.choice([r for r in roles if r != path[-1]]))
    paths.append(path)
d = verify("noise", store("noise", fw, careers_csv(paths)), brute_force=True)
check("noise: one group", len(d["groups"]) == 1 and not d["supported"], f"{len(d['groups'])} groups, p = {d['p_value']}")

# 4. Twenty roles in four tracks, 80 % of moves up the track and 20 % anywhere: the
#    agglomerative search.
tracks = {t: [f"{t}{i}" for i in range(1, 6)] for t in "pqrs"}
fw = framework_toml("twenty", tracks)
roles = [r for t in "pqrs" for r in tracks[t]]
rng = random.Random(11)
paths = []
for _ in range(1500):
    t = rng.choice("pqrs")
    i = rng.randint(1, 3)
    path = [f"{t}{i}"]
    for _ in range(rng.randint(1, 3)):
        cur = path[-1]
        if rng.random() < 0.8 and int(cur[1]) < 5:
            path.append(f"{cur[0]}{int(cur[1]) + 1}")
        else:
            path.append(rng.choice([r for r in roles if r != cur]))
    paths.append(path)
d = verify("twenty roles", store("twenty", fw, careers_csv(paths)))
check("twenty roles: agglomerative", d["method"] == "agglomerative")
check("twenty roles: four tracks found", [g["roles"] for g in d["groups"]] == [tracks[t] for t in "pqrs"],
      str([g["roles"] for g in d["groups"]]))

# 5. Sparse noise on the twenty roles: random moves only. Some split has Q above one group (the
#    fluctuations of a sparse graph), but random rewirings reach as much: one group.
rng = random.Random(5)
paths = []
for _ in range(120):
    path = [rng.choice(roles)]
    for _ in range(rng.randint(1, 3)):
        path.append(rng.choice([r for r in roles if r != path[-1]]))
    paths.append(path)
d = verify("sparse noise", store("sparse", fw, careers_csv(paths)))
check("sparse noise: a split has Q above one group", d["best_k"] > 1, f"best k {d['best_k']}")
check("sparse noise: not supported, one group", len(d["groups"]) == 1 and not d["supported"] and d["p_value"] > 0.05,
      f"{len(d['groups'])} groups, p = {d['p_value']}")

print(f"tracks oracle: {checks - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
PY
