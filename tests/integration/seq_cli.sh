#!/usr/bin/env bash
# `careergraph seq` end to end (describe, dist, cluster, plot), on the paper's mvad and on biofam:
#   - describe's JSON carries every number Gabadinho et al. (2011) print for mvad, and its table,
#     JSON and CSV agree; on biofam (weighted, 16 positions, 8 states) the state distribution,
#     entropy, seqtab and seqmeant agree with an independent Python implementation of the
#     definitions;
#   - dist: JSON, CSV and the condensed .npy agree; OM with CONSTANT costs 2 and indel 1 (and LCS,
#     the same number) equals R's utils::adist (generalized Levenshtein with those costs) on every
#     pair of mvad's distinct sequences; HAM equals a Python count of differing positions;
#   - cluster: Ward on the distinct sequences weighted by their counts (--unweighted) gives the
#     partition of R's hclust(ward.D2) on the full 712 × 712 matrix cut at k = 4, up to the
#     numbering; PAM and CLARA give k clusters covering every row; silhouettes in [-1, 1];
#   - from a store: simulate careers, describe them, cluster with --save-attribute, and the
#     attribute then filters `transitions --where`;
#   - every plot is well-formed SVG with its legend.
# R (r-base-core) is needed for the adist and hclust checks.
set -uo pipefail
cg="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/lib.sh"

pycheck() {  # pycheck NAME PROGRAM: the Python program exits 0
  if "$py" -c "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $1"; fi
}

mvad="$root/tests/data/sequences/mvad.csv"
biofam="$root/tests/data/sequences/biofam.csv"
M=(--input "$mvad" --states Sep.93:Jun.99 --id id --weight weight --codes EM,FE,HE,JL,SC,TR)

for sub in describe dist cluster plot; do
  check "help: seq $sub" 0 "$cg" seq "$sub" --help
  expect_out "seq $sub help names --input" "--input"
done

# ---- describe on mvad: the paper's numbers.
check "describe mvad json" 0 "$cg" seq describe "${M[@]}" --what overview,statd,trate,tab,sequences --top 4 --format json
cp "$tmp/out" "$tmp/mvad.json"
pycheck "mvad: the paper's tables" "
import json
d = json.load(open('$tmp/mvad.json'))
o = d['overview']
assert o['sequences'] == 712 and o['distinct'] == 490 and o['positions'] == 70, o
assert o['states'] == ['EM', 'FE', 'HE', 'JL', 'SC', 'TR'], o['states']
paper = {('EM','EM'): .99, ('EM','JL'): .01, ('FE','EM'): .03, ('FE','FE'): .95, ('FE','HE'): .01, ('FE','JL'): .01,
         ('HE','EM'): .01, ('HE','HE'): .99, ('JL','EM'): .04, ('JL','FE'): .01, ('JL','JL'): .94, ('JL','TR'): .01,
         ('SC','EM'): .01, ('SC','FE'): .01, ('SC','HE'): .02, ('SC','JL'): .01, ('SC','SC'): .95, ('TR','EM'): .04,
         ('TR','JL'): .01, ('TR','TR'): .94}
tr = d['trate']
for a in tr['states']:
    for b in tr['states']:
        got = round(tr['rates'][a][b] + 1e-12, 2)
        assert abs(got - paper.get((a, b), 0.0)) < 1e-9, (a, b, tr['rates'][a][b])
periods = {p['period']: p for p in d['statd']['periods']}
sep = periods['Sep.93']
for s, v in {'EM': .034, 'FE': .223, 'HE': 0, 'JL': .048, 'SC': .472, 'TR': .223}.items():
    assert abs(round(sep['shares'][s], 3) - v) < 1e-9, (s, sep['shares'][s])
assert round(sep['entropy'], 2) == 0.72, sep['entropy']
assert round(periods['Apr.94']['entropy'], 2) == 0.77, periods['Apr.94']['entropy']
tab = d['tab']['sequences']
assert [x['sequence'] for x in tab][:4] == ['SC/24-HE/46', 'SC/25-HE/45', 'TR/22-EM/48', 'EM/70'], tab
assert [round(x['freq'], 2) for x in tab][:4] == [33.43, 24.62, 17.88, 15.17], tab
assert round(tab[0]['percent'], 1) == 4.7, tab[0]
seqs = d['sequences']
first5 = [s['spells'] for s in seqs[:5]]
assert first5 == ['(EM,4)-(TR,2)-(EM,64)', '(FE,36)-(HE,34)', '(TR,24)-(FE,34)-(EM,10)-(JL,2)',
                  '(TR,47)-(EM,14)-(JL,9)', '(FE,25)-(HE,45)'], first5
"
check "describe mvad csv" 0 "$cg" seq describe "${M[@]}" --what tab --top 4 --format csv
expect_out "csv seqtab row" "^1,SC/24-HE/46,33\.4"
check "describe mvad table" 0 "$cg" seq describe "${M[@]}"
expect_out "overview names the distinct sequences" "490 distinct"

# ---- describe on biofam against an independent implementation of the definitions.
B=(--input "$biofam" --states a15:a30 --id id --weight wp00tbgs)
check "describe biofam json" 0 "$cg" seq describe "${B[@]}" --what statd,meant,tab --top 0 --format json
cp "$tmp/out" "$tmp/biofam.json"
pycheck "biofam: seqstatd, seqmeant and seqtab as defined" "
import csv, json, math, itertools
d = json.load(open('$tmp/biofam.json'))
rows = list(csv.DictReader(open('$biofam')))
cols = ['a%d' % a for a in range(15, 31)]
states = sorted({r[c] for r in rows for c in cols})
w = [float(r['wp00tbgs']) for r in rows]
W = sum(w)
sd = d['statd']
assert sd['states'] == states, (sd['states'], states)
for t, c in enumerate(cols):
    p = sd['periods'][t]
    assert p['period'] == c, p['period']
    ps = [sum(wi for wi, r in zip(w, rows) if r[c] == s) / W for s in states]
    for s, want in zip(states, ps):
        assert abs(p['shares'][s] - want) < 1e-12, (c, s, p['shares'][s], want)
    h = -sum(x * math.log(x) for x in ps if x > 0) / math.log(len(states))
    assert abs(p['entropy'] - h) < 1e-12, (c, p['entropy'], h)
mt = {m['state']: m for m in d['meant']}
for s in states:
    x = [sum(1 for c in cols if r[c] == s) for r in rows]
    mean = sum(wi * xi for wi, xi in zip(w, x)) / W
    assert abs(mt[s]['mean'] - mean) < 1e-9, (s, mt[s]['mean'], mean)
def label(r):
    return '-'.join('%s/%d' % (k, len(list(g))) for k, g in itertools.groupby(r[c] for c in cols))
freq = {}
for wi, r in zip(w, rows):
    freq[label(r)] = freq.get(label(r), 0) + wi
want = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))
got = [(x['sequence'], x['freq']) for x in d['tab']['sequences']]
assert len(got) == len(want), (len(got), len(want))
for (ga, gw), (wa, ww) in zip(got, want):
    assert abs(gw - ww) < 1e-9, (ga, gw, wa, ww)
# Ties in weight are ordered by the label, byte by byte (docs/sequences.md).
assert [g for g, _ in got] == [a for a, _ in want], [(g, a) for (g, _), (a, _) in zip(got, want) if g != a][:3]
"

# ---- dist: three outputs agree.
printf 'id,t1,t2,t3,t4\na,A,A,B,B\nb,A,B,B,B\nc,B,B,B,C\nd,A,A,B,B\ne,C,C,A,A\n' > "$tmp/small.csv"
S=(--input "$tmp/small.csv" --states t1:t4 --id id)
check "dist small json" 0 "$cg" seq dist "${S[@]}" --method OM --sm CONSTANT --indel 1 --format json
cp "$tmp/out" "$tmp/small.json"
check "dist small csv" 0 "$cg" seq dist "${S[@]}" --method OM --sm CONSTANT --indel 1 --format csv
cp "$tmp/out" "$tmp/small.csv.out"
check "dist small npy" 0 "$cg" seq dist "${S[@]}" --method OM --sm CONSTANT --indel 1 --out "$tmp/small.npy"
pycheck "dist: json, csv and npy agree; hand values" "
import csv, json, struct
j = json.load(open('$tmp/small.json'))
ids, D = j['ids'], j['distances']
assert ids == ['a', 'b', 'c', 'd', 'e'], ids
rows = list(csv.reader(open('$tmp/small.csv.out')))
assert rows[0][1:] == ids
for i, r in enumerate(rows[1:]):
    assert [float(x) for x in r[1:]] == D[i], (r, D[i])
# AABB/ABBB: one substitution (2) or two indels (2); AABB = d; ABBB/BBBC: 2 indels.
assert D[0][1] == 2 and D[0][3] == 0 and D[1][2] == 2, D
raw = open('$tmp/small.npy', 'rb').read()
assert raw[:6] == b'\x93NUMPY'
hl = struct.unpack('<H', raw[8:10])[0]
header = raw[10:10 + hl].decode()
assert \"'descr': '<f8'\" in header and \"'fortran_order': False\" in header, header
vals = struct.unpack('<%dd' % ((len(raw) - 10 - hl) // 8), raw[10 + hl:])
m = list(csv.DictReader(open('$tmp/small.npy.rows.csv')))
n = 1 + max(int(r['distinct']) for r in m)
assert n == 4 and len(vals) == n * (n - 1) // 2, (n, len(vals))
assert \"'shape': (%d,)\" % len(vals) in header, header
def at(i, j):
    if i == j: return 0.0
    i, j = min(i, j), max(i, j)
    return vals[i * n - i * (i + 1) // 2 + j - i - 1]
for a, ra in enumerate(m):
    for b, rb in enumerate(m):
        assert at(int(ra['distinct']), int(rb['distinct'])) == D[a][b], (a, b)
"
check "dist: HAM json" 0 "$cg" seq dist "${S[@]}" --method HAM --format json
pycheck "HAM counts differing positions" "
import json
d = json.load(open('$tmp/out'))['distances']
s = ['AABB', 'ABBB', 'BBBC', 'AABB', 'CCAA']
for i in range(5):
    for j in range(5):
        assert d[i][j] == sum(a != b for a, b in zip(s[i], s[j])), (i, j)
"

# ---- OM (CONSTANT 2, indel 1) and LCS on mvad against R's adist.
check "dist mvad OM constant" 0 "$cg" seq dist "${M[@]}" --method OM --sm CONSTANT --indel 1 --out "$tmp/om.csv"
check "dist mvad LCS" 0 "$cg" seq dist "${M[@]}" --method LCS --out "$tmp/lcs.csv"
check "dist mvad OM TRATE npy" 0 "$cg" seq dist "${M[@]}" --method OM --sm TRATE --indel 1 --out "$tmp/trate.npy"
expect_out "490 distinct" "490"
check "dist mvad OM TRATE csv" 0 "$cg" seq dist "${M[@]}" --method OM --sm TRATE --indel 1 --out "$tmp/trate.csv"
pycheck "npy and full csv agree" "
import csv, struct
raw = open('$tmp/trate.npy', 'rb').read()
hl = struct.unpack('<H', raw[8:10])[0]
vals = struct.unpack('<%dd' % ((len(raw) - 10 - hl) // 8), raw[10 + hl:])
n = 490
assert len(vals) == n * (n - 1) // 2, len(vals)
m = [int(r['distinct']) for r in csv.DictReader(open('$tmp/trate.npy.rows.csv'))]
full = list(csv.reader(open('$tmp/trate.csv')))[1:]
assert len(full) == 712 and len(m) == 712
for a in range(0, 712, 7):
    for b in range(712):
        i, j = min(m[a], m[b]), max(m[a], m[b])
        want = 0.0 if i == j else vals[i * n - i * (i + 1) // 2 + j - i - 1]
        assert abs(float(full[a][b + 1]) - want) <= 1e-12 * max(1, want), (a, b, full[a][b + 1], want)
"
if command -v Rscript >/dev/null; then
  cat > "$tmp/adist.R" <<'EOF'
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], check.names = FALSE)
codes <- c(employment = "E", FE = "F", HE = "H", joblessness = "J", school = "S", training = "T")
s <- apply(d[, 17:86], 1, function(r) paste(codes[r], collapse = ""))
u <- unique(s)
a <- adist(u, costs = list(insertions = 1, deletions = 1, substitutions = 2))
ours <- as.matrix(read.csv(args[2], check.names = FALSE, row.names = 1))
idx <- match(s, u)
full <- a[idx, idx]
cat(length(u), max(abs(full - ours)), "\n")
EOF
  check "R adist" 0 Rscript "$tmp/adist.R" "$mvad" "$tmp/om.csv"
  expect_out "OM equals adist on every pair of mvad" "^490 0 $"
  check "R adist vs LCS" 0 Rscript "$tmp/adist.R" "$mvad" "$tmp/lcs.csv"
  expect_out "LCS equals adist on every pair of mvad" "^490 0 $"

  # Ward: ours equals hclust(ward.D2) on the distinct sequences with their row counts as members.
  check "cluster ward unweighted" 0 "$cg" seq cluster "${M[@]}" --sm TRATE --indel 1 --k 4 --unweighted \
    --members --format json
  cp "$tmp/out" "$tmp/ward.json"
  "$py" -c "
import json
d = json.load(open('$tmp/ward.json'))
print('\n'.join('%s,%d' % (m['id'], m['cluster']) for m in d['members']))" > "$tmp/ward_members.csv"
  cat > "$tmp/ward.R" <<'EOF'
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], check.names = FALSE)
s <- apply(d[, 17:86], 1, paste, collapse = "-")
full <- as.matrix(read.csv(args[2], check.names = FALSE, row.names = 1))
first <- !duplicated(s)
idx <- match(s, s[first])
counts <- tabulate(idx)
h <- hclust(as.dist(full[first, first]), method = "ward.D2", members = counts)
r <- cutree(h, 4)[idx]
m <- read.csv(args[3], header = FALSE, col.names = c("id", "cluster"), colClasses = c("character", "integer"))
mine <- m$cluster[match(as.character(d$id), m$id)]
t <- table(r, mine)
cat(sum(apply(t, 1, function(x) sum(x > 0)) == 1), sum(apply(t, 2, function(x) sum(x > 0)) == 1), "\n")
EOF
  check "R hclust ward.D2" 0 Rscript "$tmp/ward.R" "$mvad" "$tmp/trate.csv" "$tmp/ward_members.csv"
  expect_out "the same 4 clusters as hclust" "^4 4 $"
else
  failed=$((failed + 1))
  echo "FAIL: Rscript (r-base-core) is needed for the adist and hclust checks"
fi

# ---- cluster: PAM and CLARA, shapes and silhouettes.
for method in ward pam clara; do
  check "cluster $method" 0 "$cg" seq cluster "${M[@]}" --sm TRATE --indel 1 --k 4 --method "$method" --members \
    --format json --svg "$tmp/cluster_$method.svg"
  cp "$tmp/out" "$tmp/c_$method.json"
  pycheck "cluster $method: 4 clusters covering 712 rows, silhouettes in [-1, 1]" "
import json
d = json.load(open('$tmp/c_$method.json'))
assert d['k'] == 4 and len(d['clusters']) == 4, d['k']
assert sum(c['rows'] for c in d['clusters']) == 712
assert abs(sum(c['weight'] for c in d['clusters']) - 711.57) < 0.01, sum(c['weight'] for c in d['clusters'])
clara = '$method' == 'clara'  # no full matrix: no silhouettes
assert clara or -1 <= d['average_silhouette'] <= 1
assert len(d['members']) == 712 and {m['cluster'] for m in d['members']} == {1, 2, 3, 4}
assert all(clara or -1 <= m['silhouette'] <= 1 for m in d['members'])
for c in d['clusters']:
    assert clara or (c['representatives'] and 0 <= c['coverage'] <= 1), c
"
done
check "cluster clara by --max-matrix" 0 "$cg" seq cluster "${M[@]}" --sm CONSTANT --k 3 --max-matrix 100 --samples 20
expect_out "clara named" "clara"

# ---- plots.
for type in chrono entropy index freq meant; do
  check "plot $type" 0 "$cg" seq plot "${M[@]}" --type "$type" --svg "$tmp/p_$type.svg" \
    --labels employment,further-education,higher-education,joblessness,school,training
done
pycheck "plots are SVG with a legend" "
import xml.etree.ElementTree as ET
for t in ['chrono', 'entropy', 'index', 'freq', 'meant', 'cluster_ward', 'cluster_pam']:
    f = '$tmp/p_%s.svg' % t if not t.startswith('cluster') else '$tmp/%s.svg' % t
    root = ET.parse(f).getroot()
    assert root.tag.endswith('svg'), (t, root.tag)
    text = ''.join(root.itertext())
    if t != 'entropy':
        assert 'employment' in text or 'EM' in text, t
"

# ---- from a store: describe, cluster, save the membership, filter on it.
db="$tmp/seq.db"
"$cg" init --db "$db" >/dev/null
"$cg" framework load "$root/frameworks/infrastructure.toml" --db "$db" >/dev/null
check "simulate" 0 "$cg" simulate --people 300 --seed 5 --db "$db"
check "describe store" 0 "$cg" seq describe --db "$db" --unit year --level track --format json --what overview
json_ok "store overview" "d['overview']['sequences'] == 300"
check "cluster store save" 0 "$cg" seq cluster --db "$db" --unit year --level track --sm TRATE --k 3 \
  --save-attribute career_type
check "transitions by cluster" 0 "$cg" transitions --db "$db" --where career_type=1 --format json
check "export has the attribute" 0 "$cg" export --db "$db" --format json
expect_out "career_type saved" "career_type"
check "save-attribute with --input refused" 1 "$cg" seq cluster "${M[@]}" --sm CONSTANT --k 2 --save-attribute x
expect_err "save-attribute message" "--save-attribute"

echo "seq_cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
