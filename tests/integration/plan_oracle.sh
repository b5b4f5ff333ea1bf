#!/usr/bin/env bash
# `careergraph plan` and `model fit` against the tools a user would check them with:
#   * R markovchain (Debian r-cran-markovchain): from the fitted model's JSON, the chain is
#     uniformised (rate Λ = max 1/mean time; P = I + (jump rates − diagonal) / Λ, destinations
#     absorbing), so its step counts / Λ are the semi-Markov times. For every (role, target):
#       - absorptionProbabilities, target made absorbing   = plan's reach probability;
#       - meanAbsorptionTime of the chain conditioned on reaching the target (P_ij x_j / x_i)
#         / Λ                                               = plan's expected time to reach it;
#       - meanFirstPassageTime to the target in that conditioned chain restarted at the source
#         (irreducible on the states reachable from it) / Λ = the same time;
#       - meanAbsorptionTime of the whole chain / Λ       = model's expected time until an exit.
#     All to 1e-9 (relative).
#   * networkx (python3-networkx): shortest_simple_paths on −log p of the model's moves gives
#     the same k = 5 paths in the same order (ties: the same set), with the same probabilities.
#   * pairs plan cannot reach exit 1 and R agrees their probability is 0.
# On two populations: the demo's framework simulated (3000 people), with and without the prior.
# Usage: plan_oracle.sh path/to/careergraph. Exit code 0 when every check holds.
set -euo pipefail
cg="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
py=/usr/bin/python3
[ -x "$py" ] || py=python3

"$py" - "$cg" "$root" "$tmp" <<'PY'
import csv, itertools, json, math, subprocess, sys
import networkx as nx

cg, root, tmp = sys.argv[1:4]
failures = 0
checks = 0

def check(name, ok, detail=""):
    global failures, checks
    checks += 1
    if not ok:
        failures += 1
        if failures <= 30:
            print(f"FAIL {name} {detail}")

def run(*args, ok=True):
    p = subprocess.run([cg, *args], capture_output=True, text=True)
    if ok and p.returncode != 0:
        print(f"FAIL command {' '.join(args)}: exit {p.returncode}\n{p.stderr}")
        sys.exit(1)
    return p

def close(a, b, tol=1e-9):
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))

R_SCRIPT = r'''
suppressMessages(library(markovchain))
args <- commandArgs(trailingOnly = TRUE)
P <- as.matrix(read.csv(args[1], row.names = 1, check.names = FALSE))
lambda <- scan(args[2], quiet = TRUE)
roles <- scan(args[3], what = "", quiet = TRUE)
states <- rownames(P)
out <- data.frame()
mc_of <- function(M) new("markovchain", transitionMatrix = M, states = rownames(M))
whole <- meanAbsorptionTime(mc_of(P))
for (t in roles) {
  Pt <- P; Pt[t, ] <- 0; Pt[t, t] <- 1
  A <- absorptionProbabilities(mc_of(Pt))
  x <- setNames(rep(0, length(states)), states)
  x[rownames(A)] <- A[, t]
  x[t] <- 1
  for (s in setdiff(roles, t)) {
    tau_abs <- NA; tau_mfpt <- NA
    if (x[s] > 0) {
      keep <- states[x > 0]
      C <- Pt[keep, keep] * outer(1 / x[keep], x[keep])
      tau_abs <- meanAbsorptionTime(mc_of(C))[s] / lambda
      # Restart at s: the states reachable from s, t sent back to s.
      reach <- s; frontier <- s
      while (length(frontier) > 0) {
        nxt <- unique(unlist(lapply(frontier, function(v) keep[C[v, ] > 0])))
        frontier <- setdiff(nxt, reach); reach <- c(reach, frontier)
      }
      R <- C[reach, reach, drop = FALSE]
      R[t, ] <- 0; R[t, s] <- 1
      tau_mfpt <- meanFirstPassageTime(mc_of(R), t)[s] / lambda
    }
    out <- rbind(out, data.frame(source = s, target = t, x = x[s], tau_abs = tau_abs, tau_mfpt = tau_mfpt))
  }
}
write.csv(out, args[4], row.names = FALSE)
write.csv(data.frame(role = names(whole), days = as.numeric(whole) / lambda), args[5], row.names = FALSE)
'''

def oracle(name, extra):
    db = f"{tmp}/{name}.db"
    run("init", "--db", db)
    run("framework", "load", f"{root}/frameworks/infrastructure.toml", "--db", db)
    run("simulate", "--people", "3000", "--seed", "11", "--model", f"{root}/frameworks/infrastructure.mobility.toml",
        "--db", db)
    model_path = f"{tmp}/{name}.model.json"
    run("model", "fit", "--out", model_path, "--db", db, *extra)
    model = json.load(open(model_path))
    roles = [r["id"] for r in model["roles"]]
    dests = model["destinations"]
    states = roles + dests
    mean = {r["id"]: r["mean_days"] for r in model["roles"]}
    assert all(m is not None for m in mean.values()), "every role has data in this fixture"
    lam = max(1.0 / m for m in mean.values())
    P = {a: {b: 0.0 for b in states} for a in states}
    for r in model["roles"]:
        a = r["id"]
        rate = 1.0 / mean[a]
        for mv in r["moves"]:
            P[a][mv["to"]] += mv["probability"] * rate / lam
        P[a][a] = 1.0 - sum(v for b, v in P[a].items() if b != a)
    for d in dests:
        P[d][d] = 1.0
    with open(f"{tmp}/P.csv", "w") as f:
        f.write("," + ",".join(states) + "\n")
        for a in states:
            f.write(a + "," + ",".join(repr(P[a][b]) for b in states) + "\n")
    open(f"{tmp}/lambda.txt", "w").write(repr(lam) + "\n")
    open(f"{tmp}/roles.txt", "w").write("\n".join(roles) + "\n")
    open(f"{tmp}/oracle.R", "w").write(R_SCRIPT)
    r = subprocess.run(["Rscript", f"{tmp}/oracle.R", f"{tmp}/P.csv", f"{tmp}/lambda.txt", f"{tmp}/roles.txt",
                        f"{tmp}/pairs.csv", f"{tmp}/whole.csv"], capture_output=True, text=True)
    if r.returncode != 0:
        print("FAIL R:", r.stderr)
        sys.exit(1)
    # Expected time until an exit, per role.
    whole = {row["role"]: float(row["days"]) for row in csv.DictReader(open(f"{tmp}/whole.csv"))}
    for rr in model["roles"]:
        check(f"{name} in-framework {rr['id']}", close(rr["expected_days_in_framework"], whole[rr["id"]]),
              f"{rr['expected_days_in_framework']} vs R {whole[rr['id']]}")
    # networkx graph: roles, −log p.
    G = nx.DiGraph()
    G.add_nodes_from(roles)
    prob = {}
    for rr in model["roles"]:
        for mv in rr["moves"]:
            if mv["probability"] > 0 and mv["to"] in roles:
                G.add_edge(rr["id"], mv["to"], weight=-math.log(mv["probability"]))
                prob[(rr["id"], mv["to"])] = mv["probability"]
    reachable_pairs = 0
    for row in csv.DictReader(open(f"{tmp}/pairs.csv")):
        s, t, x = row["source"], row["target"], float(row["x"])
        p = run("plan", "--role", s, "--to", t, "--k", "5", "--unit", "days", "--model", model_path, "--db", db,
                "--format", "json", ok=False)
        if x == 0:
            check(f"{name} {s}->{t} unreachable", p.returncode == 1 and "unreachable" in p.stderr, p.stderr[:200])
            continue
        if p.returncode != 0:
            check(f"{name} {s}->{t} plan", False, p.stderr[:300])
            continue
        reachable_pairs += 1
        d = json.loads(p.stdout)
        check(f"{name} {s}->{t} reach", close(d["reach_probability"], x), f"{d['reach_probability']} vs R {x}")
        tau = d["expected_time_to_reach"]
        check(f"{name} {s}->{t} time (meanAbsorptionTime)", close(tau, float(row["tau_abs"])), f"{tau} vs R {row['tau_abs']}")
        check(f"{name} {s}->{t} time (meanFirstPassageTime)", close(tau, float(row["tau_mfpt"])), f"{tau} vs R {row['tau_mfpt']}")
        # k paths against networkx.
        want = list(itertools.islice(nx.shortest_simple_paths(G, s, t, weight="weight"), 5))
        got = [pp["roles"] for pp in d["paths"]]
        cost = lambda path: sum(G[a][b]["weight"] for a, b in zip(path, path[1:]))
        check(f"{name} {s}->{t} path count", len(got) == len(want), f"{len(got)} vs {len(want)}")
        if len(got) == len(want):
            for i, (g, w) in enumerate(zip(got, want)):
                check(f"{name} {s}->{t} path {i + 1} cost", close(cost(g), cost(w), 1e-12), f"{g} vs {w}")
            # Same paths: exactly, up to the order within ties.
            check(f"{name} {s}->{t} path set", sorted(map(tuple, got)) == sorted(map(tuple, want)) or
                  abs(cost(want[-1]) - cost(got[-1])) < 1e-12, f"{got} vs {want}")
            for pp in d["paths"]:
                pr = math.prod(prob[(a, b)] for a, b in zip(pp["roles"], pp["roles"][1:]))
                check(f"{name} {s}->{t} path probability", close(pp["probability"], pr, 1e-12), f"{pp['probability']} vs {pr}")
    check(f"{name} has reachable pairs", reachable_pairs > 50, str(reachable_pairs))

oracle("prior", [])
oracle("noprior", ["--prior", "0"])
print(f"plan_oracle: {checks - failures} of {checks} checks passed")
sys.exit(1 if failures else 0)
PY
