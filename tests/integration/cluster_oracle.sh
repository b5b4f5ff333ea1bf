#!/usr/bin/env bash
# Clustering (src/analysis/clustering.cc) against R, through tests/tools/cluster_tool: for each
# case of tests/integration/cluster_oracle.R (random Euclidean matrices of 30, 200 and 1000 items,
# integer Manhattan distances full of ties, a 10-item matrix of distances 1..3, and hclust with
# members = integer and real weights) R writes the matrix and its results, cluster_tool clusters the
# same matrix, and the two must agree: hclust(d, "ward.D2", members) merge matrix and order exactly
# and heights to 1e-9 (relative above 1); cluster::agnes(d, diss = TRUE, method = "ward") heights
# as a set (not on the tie cases: agnes breaks ties otherwise and builds another tree); cutree for k = 2..8 exactly; cluster::pam(d, k, diss = TRUE) medoids and clustering
# exactly, objective (build, swap) to 1e-9; cluster::silhouette of the cutree and pam partitions:
# widths, neighbours, average and per-cluster averages (widths to 1e-9). About 20 seconds.
# Usage: cluster_oracle.sh PATH/TO/cluster_tool. Exits non-zero on any difference, printing it.
set -uo pipefail
tool="$1"
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
py=/usr/bin/python3
[ -x "$py" ] || py=python3
if ! command -v Rscript >/dev/null || ! Rscript -e 'library(cluster)' >/dev/null 2>&1; then
  echo "FAIL: Rscript with the cluster package (r-cran-cluster) is needed for this test"
  exit 1
fi

cat >"$tmp/compare.py" <<'EOF'
# compare.py OURS.json R.tsv LABEL: prints differences, exits 1 if any.
import json, sys

ours = json.load(open(sys.argv[1]))
label = sys.argv[3]
tol = 1e-9
problems = []
worst = [0.0]
checked = {}

def count(what):
    checked[what] = checked.get(what, 0) + 1

def close(what, a, b):
    diff = abs(a - b)
    worst[0] = max(worst[0], diff / max(1.0, abs(b)))
    if diff > tol * max(1.0, abs(b)):
        problems.append(f"{what}: ours {a!r}, R {b!r} (differ by {diff:.3g})")

def same_list(what, a, b):
    if list(a) != list(b):
        first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        problems.append(f"{what}: first difference at position {first + 1}: ours {a[first:first + 5]}, "
                        f"R {b[first:first + 5]} (lengths {len(a)}, {len(b)})")

def close_list(what, a, b):
    if len(a) != len(b):
        problems.append(f"{what}: ours has {len(a)} values, R {len(b)}")
        return
    for i, (x, y) in enumerate(zip(a, b)):
        close(f"{what}[{i + 1}]", x, y)

merge, height = {}, {}
for line in open(sys.argv[2]):
    f = line.split()
    tag = f[0]
    if tag == "merge":
        merge[int(f[1])] = [int(f[2]), int(f[3])]
    elif tag == "height":
        height[int(f[1])] = float(f[2])
    elif tag == "order":
        same_list("order", ours["ward"]["order"], [int(x) for x in f[1:]]); count("order")
    elif tag == "agnes":
        close_list("agnes heights (sorted)", sorted(ours["ward"]["height"]), [float(x) for x in f[1:]]); count("agnes")
    elif tag == "cutree":
        same_list(f"cutree k={f[1]}", ours["cutree"][f[1]], [int(x) for x in f[2:]]); count("cutree")
    elif tag == "pam":
        k = f[1]
        parts = " ".join(f[2:]).split(";")
        p = ours["pam"][k]
        same_list(f"pam k={k} medoids", p["medoids"], [int(x) for x in parts[0].split()])
        same_list(f"pam k={k} clustering", p["clustering"], [int(x) for x in parts[1].split()])
        build, swap = (float(x) for x in parts[2].split())
        close(f"pam k={k} objective build", p["build"], build)
        close(f"pam k={k} objective swap", p["swap"], swap)
        count("pam")
    elif tag in ("sil_cutree", "sil_pam"):
        k = f[1]
        parts = " ".join(f[2:]).split(";")
        s = ours["silhouette_" + tag[4:]][k]
        close_list(f"{tag} k={k} widths", s["width"], [float(x) for x in parts[0].split()])
        same_list(f"{tag} k={k} neighbours", s["neighbor"], [int(x) for x in parts[1].split()])
        close(f"{tag} k={k} average", s["average"], float(parts[2]))
        close_list(f"{tag} k={k} cluster averages", s["cluster_average"], [float(x) for x in parts[3].split()])
        count(tag)

n = ours["n"]
if len(merge) != n - 1 or len(ours["ward"]["merge"]) != n - 1:
    problems.append(f"merge: ours {len(ours['ward']['merge'])} rows, R {len(merge)}, n = {n}")
for s in range(1, n):
    if s in merge and ours["ward"]["merge"][s - 1] != merge[s]:
        problems.append(f"merge step {s}: ours {ours['ward']['merge'][s - 1]}, R {merge[s]}")
    if s in height:
        close(f"height step {s}", ours["ward"]["height"][s - 1], height[s])
count("merge")

if problems:
    print(f"FAIL {label}: {len(problems)} differences")
    for p in problems[:25]:
        print("  " + p)
    sys.exit(1)
print(f"ok   {label}: n={n}; merges, heights, " + ", ".join(f"{v} {k}" for k, v in checked.items() if k != "merge") +
      f"; largest difference {worst[0]:.2g}")
EOF

failed=0
for case in euclid30 euclid200 euclid1000 ties ties_small weighted weighted_real; do
  dir="$tmp/$case"
  mkdir -p "$dir"
  if ! Rscript "$here/cluster_oracle.R" "$case" "$dir" 2>"$dir/r.err"; then
    echo "FAIL $case: R failed: $(cat "$dir/r.err")"; failed=$((failed + 1)); continue
  fi
  mapfile -t flags <"$dir/args"
  if ! "$tool" "${flags[@]}" "$dir/d.csv" "$dir/ours.json" 2>"$dir/tool.err"; then
    echo "FAIL $case: cluster_tool failed: $(cat "$dir/tool.err")"; failed=$((failed + 1)); continue
  fi
  "$py" "$tmp/compare.py" "$dir/ours.json" "$dir/r.tsv" "$case" || failed=$((failed + 1))
done

if [ "$failed" -ne 0 ]; then
  echo "$failed case(s) differ from R"
  exit 1
fi
echo "all cases agree with R"
