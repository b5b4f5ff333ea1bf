// Clustering on a dissimilarity matrix with R's results (include/careergraph/analysis/clustering.h).
//
// Ward: R's hclust Fortran (F. Murtagh 1986, stats/src/hclust.f) re-expressed, step for step:
// a list NN(i)/DISNN(i) of each item's nearest neighbour to its right, the merge of the pair with
// the smallest DISNN (first i on ties), the Lance–Williams update of the merged row, and the
// partial refresh of the NN list. Keeping its scan orders and strict comparisons is what makes
// tied distances merge as in R; keeping its arithmetic order makes the heights agree to the last
// bits. hcass2 turns the merges into R's merge matrix and plotting order.
//
// PAM: cluster::pam's bswap() and cstat() (Kaufman & Rousseeuw 1990; pam.c, pamonce = 0). BUILD
// gains and the silhouettes' per-cluster sums are accumulated in R's order by walking the
// condensed matrix row by row (each pair feeds both of its items, so every sum still grows in
// increasing j), which reads memory sequentially instead of by columns. The SWAP cost T(i, h) of
// replacing medoid i by item h is Σ_j w_j·(new nearest − old nearest) for item j; R sums it
// per (i, h) in O(k·n²). Here it is the FastPAM1 decomposition (Schubert & Rousseeuw 2021):
//   T(i, h) = removal_loss(i) + Σ_j gain_j(h) + Σ_{j: nearest(j) = i} correction_j(h),
// one pass over the pairs for all (i, h) at once. The terms are R's per-item deltas regrouped,
// so T agrees with R's up to rounding (exactly on integer distances), and the pair chosen is
// R's: h ascending, then i ascending, strict improvement.
#include "careergraph/analysis/clustering.h"

#include <fmt/format.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <string>

namespace careergraph {
namespace {

constexpr double kInf = 1e300;  // hclust's INF

// CG_RETURN_IF_ERROR for functions returning a Result.
#define CG_RETURN_ERROR_AS_RESULT(expr)             \
  do {                                              \
    ::careergraph::Status cg_status_ = (expr);      \
    if (!cg_status_.ok()) return Error(cg_status_); \
  } while (0)

// Checks `weights` against n items; fills `out` with them (or n ones).
Status ReadWeights(std::span<const double> weights, size_t n, std::vector<double>* out) {
  if (weights.empty()) {
    out->assign(n, 1.0);
    return Status::Ok();
  }
  if (weights.size() != n) return Status::Invalid(fmt::format("weights: {} given for {} items", weights.size(), n));
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(weights[i]) || !(weights[i] > 0))
      return Status::Invalid(
          fmt::format("weights: item {} has weight {}; weights must be finite and > 0", i, weights[i]));
  }
  out->assign(weights.begin(), weights.end());
  return Status::Ok();
}

Status CheckDistances(const DistanceMatrix& d, double limit = std::numeric_limits<double>::max()) {
  const size_t n = d.size();
  if (d.values().size() != (n < 2 ? 0 : n * (n - 1) / 2))
    return Status::Invalid(fmt::format("distance matrix: {} values for {} items", d.values().size(), n));
  const std::vector<double>& v = d.values();
  for (size_t p = 0; p < v.size(); ++p) {
    if (!(v[p] >= 0) || !(v[p] <= limit)) {
      // Find (i, j) for the message.
      size_t i = 0, row_start = 0;
      while (row_start + (n - i - 1) <= p) row_start += n - 1 - i++;
      return Status::Invalid(fmt::format("distance matrix: d({}, {}) = {}; distances must be finite, >= 0{}", i,
                                         i + 1 + (p - row_start), v[p],
                                         limit < 1e300 ? fmt::format(" and <= {:g}", limit) : std::string()));
    }
  }
  return Status::Ok();
}

double Sum(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

// Labels 1..k numbered by first appearance of `group[i]` (any ids), as cutree and cstat number.
std::vector<int> NumberByFirstAppearance(const std::vector<size_t>& group, size_t id_count) {
  std::vector<int> number(id_count, 0);
  std::vector<int> labels(group.size());
  int next = 0;
  for (size_t i = 0; i < group.size(); ++i) {
    if (number[group[i]] == 0) number[group[i]] = ++next;
    labels[i] = number[group[i]];
  }
  return labels;
}

// Labels 1..k, all used, 2 <= k <= n − 1; returns k.
Result<size_t> CheckLabels(std::span<const int> labels, size_t n) {
  if (labels.size() != n) return Error(Status::Invalid(fmt::format("labels: {} given for {} items", labels.size(), n)));
  int k = 0;
  for (size_t i = 0; i < n; ++i) {
    if (labels[i] < 1)
      return Error(Status::Invalid(fmt::format("labels: item {} has label {}; labels are 1..k", i, labels[i])));
    k = std::max(k, labels[i]);
  }
  std::vector<char> used(static_cast<size_t>(k) + 1, 0);
  for (int l : labels) used[static_cast<size_t>(l)] = 1;
  for (int c = 1; c <= k; ++c)
    if (!used[static_cast<size_t>(c)])
      return Error(Status::Invalid(fmt::format("labels: cluster {} of 1..{} is empty", c, k)));
  if (k < 2 || static_cast<size_t>(k) >= n)
    return Error(
        Status::Invalid(fmt::format("labels: {} clusters of {} items; silhouettes need 2 <= k <= n - 1", k, n)));
  return static_cast<size_t>(k);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Ward.

Result<Dendrogram> WardClustering(const DistanceMatrix& d, std::span<const double> weights, Progress* progress) {
  const size_t n = d.size();
  if (n < 2) return Error(Status::Invalid(fmt::format("Ward clustering needs at least 2 items, got {}", n)));
  CG_RETURN_ERROR_AS_RESULT(CheckDistances(d, 1e150));
  std::vector<double> membr;
  CG_RETURN_ERROR_AS_RESULT(ReadWeights(weights, n, &membr));
  Progress& prog = progress ? *progress : NullProgress();
  prog.Start("Ward clustering", n - 1);

  // The working copy: squared distances ("ward.D2"), condensed as hclust's DISS.
  std::vector<double> diss(d.values());
  for (double& x : diss) x *= x;
  auto idx = [n](size_t i, size_t j) { return DistanceMatrix::Index(n, i, j); };  // i < j

  std::vector<char> flag(n, 1);
  std::vector<size_t> nn(n, 0);
  std::vector<double> disnn(n, kInf);
  // JM and JJ keep their values across iterations, as the Fortran variables do (a stale value is
  // only ever paired with DISNN = INF, which is never the minimum while two clusters remain).
  size_t jm = 0, jj = 0;
  for (size_t i = 0; i + 1 < n; ++i) {
    double dmin = kInf;
    const double* row = diss.data() + idx(i, i + 1);
    for (size_t j = i + 1; j < n; ++j) {
      if (dmin > row[j - i - 1]) {
        dmin = row[j - i - 1];
        jm = j;
      }
    }
    nn[i] = jm;
    disnn[i] = dmin;
  }

  std::vector<size_t> ia(n - 1), ib(n - 1);
  Dendrogram tree;
  tree.n = n;
  tree.height.resize(n - 1);
  for (size_t step = 0; step + 1 < n; ++step) {
    if (prog.Cancelled()) return Error(Status::Cancelled("Ward clustering cancelled"));
    double dmin = kInf;
    size_t im = 0;
    for (size_t i = 0; i + 1 < n; ++i) {
      if (flag[i] && disnn[i] < dmin) {
        dmin = disnn[i];
        im = i;
        jm = nn[i];
      }
    }
    const size_t i2 = std::min(im, jm), j2 = std::max(im, jm);
    ia[step] = i2;
    ib[step] = j2;
    tree.height[step] = std::sqrt(dmin);
    flag[j2] = 0;

    // Lance–Williams update of the row of the merged cluster (kept at i2).
    dmin = kInf;
    const double d12 = diss[idx(i2, j2)];
    for (size_t k = 0; k < n; ++k) {
      // Column reads below the diagonal miss the cache; ask for them well ahead.
      constexpr size_t kAhead = 16;
      if (k + kAhead < j2) {
        const size_t ahead = k + kAhead;
        if (ahead < i2) __builtin_prefetch(&diss[idx(ahead, i2)], 1);
        __builtin_prefetch(&diss[idx(ahead, j2)], 0);
      }
      if (!flag[k] || k == i2) continue;
      const size_t ind1 = i2 < k ? idx(i2, k) : idx(k, i2);
      const size_t ind2 = j2 < k ? idx(j2, k) : idx(k, j2);
      double v = (membr[i2] + membr[k]) * diss[ind1] + (membr[j2] + membr[k]) * diss[ind2] - membr[k] * d12;
      v = v / (membr[i2] + membr[j2] + membr[k]);
      diss[ind1] = v;
      if (i2 < k) {
        if (v < dmin) {
          dmin = v;
          jj = k;
        }
      } else if (v < disnn[k]) {  // hclust's fix for non-monotone methods; harmless for Ward
        disnn[k] = v;
        nn[k] = i2;
      }
    }
    membr[i2] += membr[j2];
    disnn[i2] = dmin;
    nn[i2] = jj;

    // Items whose nearest neighbour was one of the two merged look again.
    for (size_t i = 0; i + 1 < n; ++i) {
      if (!flag[i] || (nn[i] != i2 && nn[i] != j2)) continue;
      double best = kInf;
      const double* row = diss.data() + idx(i, i + 1);
      for (size_t j = i + 1; j < n; ++j) {
        if (flag[j] && row[j - i - 1] < best) {
          best = row[j - i - 1];
          jj = j;
        }
      }
      nn[i] = jj;
      disnn[i] = best;
    }
    prog.Advance(1);
  }
  prog.Finish();

  // hcass2: a merge refers to the last step that formed the cluster represented by its lowest
  // item, or to the item itself.
  std::vector<int> last_step(n, -1);
  tree.merge.resize(n - 1);
  for (size_t step = 0; step + 1 < n; ++step) {
    auto entry = [&](size_t item) { return last_step[item] >= 0 ? last_step[item] + 1 : -static_cast<int>(item) - 1; };
    std::array<int, 2> m = {entry(ia[step]), entry(ib[step])};
    if (m[0] > 0 && m[1] < 0) std::swap(m[0], m[1]);
    if (m[0] > 0 && m[1] > 0 && m[0] > m[1]) std::swap(m[0], m[1]);
    tree.merge[step] = m;
    last_step[ia[step]] = static_cast<int>(step);
  }
  // The order: the leaves from left to right, each merge's first entry on the left.
  tree.order.reserve(n);
  std::vector<int> stack = {static_cast<int>(n - 1)};
  while (!stack.empty()) {
    const int node = stack.back();
    stack.pop_back();
    if (node < 0) {
      tree.order.push_back(static_cast<size_t>(-node - 1));
    } else {
      const std::array<int, 2>& m = tree.merge[static_cast<size_t>(node) - 1];
      stack.push_back(m[1]);
      stack.push_back(m[0]);
    }
  }
  return tree;
}

Result<std::vector<int>> CutTree(const Dendrogram& tree, size_t k) {
  const size_t n = tree.n;
  if (n < 1 || tree.merge.size() + 1 != n)
    return Error(Status::Invalid(
        fmt::format("cut tree: a tree of {} items needs {} merges, it has {}", n, n ? n - 1 : 0, tree.merge.size())));
  if (k < 1 || k > n) return Error(Status::Invalid(fmt::format("cut tree: k = {} must be between 1 and {}", k, n)));
  // Union-find over the first n − k merges.
  std::vector<size_t> parent(n);
  std::iota(parent.begin(), parent.end(), size_t{0});
  auto find = [&](size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::vector<size_t> step_item(n - 1);  // an item of the cluster formed at each step
  for (size_t step = 0; step < n - k; ++step) {
    size_t items[2];
    for (int side = 0; side < 2; ++side) {
      const int e = tree.merge[step][side];
      if (e < 0 && static_cast<size_t>(-e) <= n) {
        items[side] = static_cast<size_t>(-e) - 1;
      } else if (e > 0 && static_cast<size_t>(e) <= step) {
        items[side] = step_item[static_cast<size_t>(e) - 1];
      } else {
        return Error(Status::Invalid(fmt::format("cut tree: merge {} refers to {}", step + 1, e)));
      }
    }
    parent[find(items[1])] = find(items[0]);
    step_item[step] = items[0];
  }
  std::vector<size_t> root(n);
  for (size_t i = 0; i < n; ++i) root[i] = find(i);
  return NumberByFirstAppearance(root, n);
}

// ---------------------------------------------------------------------------------------------
// PAM.

Result<PamResult> Pam(const DistanceMatrix& d, size_t k, std::span<const double> weights, const PamOptions& options) {
  const size_t n = d.size();
  if (k < 1 || k > n) return Error(Status::Invalid(fmt::format("PAM: k = {} must be between 1 and {}", k, n)));
  CG_RETURN_ERROR_AS_RESULT(CheckDistances(d));
  std::vector<double> w;
  CG_RETURN_ERROR_AS_RESULT(ReadWeights(weights, n, &w));
  const bool given = !options.initial_medoids.empty();
  std::vector<char> is_med(n, 0);
  if (given) {
    if (options.initial_medoids.size() != k)
      return Error(
          Status::Invalid(fmt::format("PAM: {} initial medoids given for k = {}", options.initial_medoids.size(), k)));
    for (size_t m : options.initial_medoids) {
      if (m >= n) return Error(Status::Invalid(fmt::format("PAM: initial medoid {} is not an item (0..{})", m, n - 1)));
      if (is_med[m]) return Error(Status::Invalid(fmt::format("PAM: initial medoid {} is given twice", m)));
      is_med[m] = 1;
    }
  }
  Progress& prog = options.progress ? *options.progress : NullProgress();
  const double* dys = d.values().data();
  double s = 0;
  for (double x : d.values()) s = std::max(s, x);
  const double big = s * 1.1 + 1.;  // larger than every distance, as bswap's s
  const double total_weight = Sum(w);

  // dysma[j]: distance from j to its nearest medoid.
  std::vector<double> dysma(n, big);
  auto update_nearest = [&](size_t m) {
    for (size_t j = 0; j < n; ++j) {
      const double dj = d.at(m, j);
      if (dysma[j] > dj) dysma[j] = dj;
    }
  };
  if (given) {
    for (size_t m = 0; m < n; ++m)
      if (is_med[m]) update_nearest(m);
  } else {
    // BUILD: gain(i) = Σ_j w_j max(0, dysma[j] − d(i, j)); the last item of largest gain.
    prog.Start("PAM build", k);
    std::vector<double> gain(n);
    for (size_t step = 0; step < k; ++step) {
      if (prog.Cancelled()) return Error(Status::Cancelled("PAM cancelled"));
      std::fill(gain.begin(), gain.end(), 0.0);
      size_t pos = 0;
      for (size_t a = 0; a < n; ++a) {
        if (dysma[a] > 0.) gain[a] += w[a] * dysma[a];  // j = a: d(a, a) = 0
        const double ma = dysma[a], wa = w[a];
        double ga = gain[a];
        for (size_t b = a + 1; b < n; ++b) {
          const double x = dys[pos++];
          const double c1 = dysma[b] - x;
          if (c1 > 0.) ga += w[b] * c1;
          const double c2 = ma - x;
          if (c2 > 0.) gain[b] += wa * c2;
        }
        gain[a] = ga;
      }
      double ammax = 0.;
      size_t nmax = n;
      for (size_t i = 0; i < n; ++i) {
        if (!is_med[i] && ammax <= gain[i]) {
          ammax = gain[i];
          nmax = i;
        }
      }
      if (nmax == n) return Error(Status::Internal("PAM build found no candidate"));
      is_med[nmax] = 1;
      update_nearest(nmax);
      prog.Advance(1);
    }
    prog.Finish();
  }

  PamResult result;
  double sky = 0.;
  for (size_t j = 0; j < n; ++j) sky += w[j] * dysma[j];
  result.objective_build = sky / total_weight;

  if (options.swap && (k > 1 || given)) {
    prog.Start("PAM swap", 0);
    std::vector<size_t> meds;
    std::vector<double> dysmb(n), removal(k), acc(n), corr(n * k);
    std::vector<size_t> memb(n);
    while (true) {
      if (prog.Cancelled()) return Error(Status::Cancelled("PAM cancelled"));
      meds.clear();
      for (size_t i = 0; i < n; ++i)
        if (is_med[i]) meds.push_back(i);
      // Nearest and second nearest medoid of every item, medoids in index order.
      for (size_t j = 0; j < n; ++j) {
        double a = big, b = big;
        size_t m = 0;
        for (size_t c = 0; c < k; ++c) {
          const double x = d.at(meds[c], j);
          if (a > x) {
            b = a;
            a = x;
            m = c;
          } else if (b > x) {
            b = x;
          }
        }
        dysma[j] = a;
        dysmb[j] = b;
        memb[j] = m;
      }
      std::fill(removal.begin(), removal.end(), 0.0);
      for (size_t j = 0; j < n; ++j) removal[memb[j]] += w[j] * (dysmb[j] - dysma[j]);
      std::fill(acc.begin(), acc.end(), 0.0);
      std::fill(corr.begin(), corr.end(), 0.0);
      // Item j seen from candidate h at distance x.
      auto contribute = [&](size_t h, size_t j, double x) {
        const double a = dysma[j], b = dysmb[j];
        if (x < a) {
          acc[h] += w[j] * (x - a);
          corr[h * k + memb[j]] += w[j] * (a - b);
        } else if (x < b) {
          corr[h * k + memb[j]] += w[j] * (x - b);
        }
      };
      size_t pos = 0;
      for (size_t a = 0; a < n; ++a) {
        const bool a_free = !is_med[a];
        if (a_free) contribute(a, a, 0.0);
        for (size_t b = a + 1; b < n; ++b) {
          const double x = dys[pos++];
          if (a_free) contribute(a, b, x);
          if (!is_med[b]) contribute(b, a, x);
        }
      }
      double dzsky = 1.;
      size_t hbest = n, cbest = 0;
      for (size_t h = 0; h < n; ++h) {
        if (is_med[h]) continue;
        for (size_t c = 0; c < k; ++c) {
          const double t = acc[h] + corr[h * k + c] + removal[c];
          if (dzsky > t) {
            dzsky = t;
            hbest = h;
            cbest = c;
          }
        }
      }
      if (!(hbest < n && dzsky < -16 * DBL_EPSILON * std::fabs(sky))) break;
      is_med[hbest] = 1;
      is_med[meds[cbest]] = 0;
      sky += dzsky;
      ++result.swaps;
      prog.Advance(1);
    }
    prog.Finish();
  }
  result.objective_swap = sky / total_weight;

  // cstat: each item to the first nearest medoid in index order; clusters numbered by first
  // appearance.
  std::vector<size_t> owner(n);
  for (size_t j = 0; j < n; ++j) {
    if (is_med[j]) {
      owner[j] = j;
      continue;
    }
    double dsmal = big;
    size_t best = 0;
    for (size_t m = 0; m < n; ++m) {
      if (!is_med[m]) continue;
      const double x = d.at(m, j);
      if (dsmal > x) {
        dsmal = x;
        best = m;
      }
    }
    owner[j] = best;
  }
  result.clustering = NumberByFirstAppearance(owner, n);
  result.medoids.assign(k, 0);
  for (size_t j = 0; j < n; ++j)
    if (is_med[j]) result.medoids[static_cast<size_t>(result.clustering[j]) - 1] = j;
  return result;
}

// ---------------------------------------------------------------------------------------------
// Silhouettes.

Result<Silhouette> ComputeSilhouette(const DistanceMatrix& d, std::span<const int> labels,
                                     std::span<const double> weights, SilhouetteWeighting weighting) {
  const size_t n = d.size();
  CG_RETURN_ERROR_AS_RESULT(CheckDistances(d));
  std::vector<double> w;
  CG_RETURN_ERROR_AS_RESULT(ReadWeights(weights, n, &w));
  Result<size_t> kk = CheckLabels(labels, n);
  if (!kk) return Error(kk.error());
  const size_t k = *kk;
  std::vector<double> cw(k, 0.0);
  std::vector<size_t> count(k, 0);
  for (size_t i = 0; i < n; ++i) {
    cw[static_cast<size_t>(labels[i]) - 1] += w[i];
    ++count[static_cast<size_t>(labels[i]) - 1];
  }
  // diC[i][c] = Σ_{j∈c, j≠i} w_j d(i, j), accumulated as sildist does.
  std::vector<double> dic(n * k, 0.0);
  const double* v = d.values().data();
  size_t pos = 0;
  for (size_t i = 0; i < n; ++i) {
    const size_t ci = static_cast<size_t>(labels[i]) - 1;
    for (size_t j = i + 1; j < n; ++j) {
      const double x = v[pos++];
      dic[i * k + static_cast<size_t>(labels[j]) - 1] += w[j] * x;
      dic[j * k + ci] += w[i] * x;
    }
  }
  Silhouette sil;
  sil.width.resize(n);
  sil.neighbor.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const size_t ci = static_cast<size_t>(labels[i]) - 1;
    double* row = dic.data() + i * k;
    bool compute = true;
    for (size_t c = 0; c < k; ++c) {
      if (c == ci) {
        const double own = weighting == SilhouetteWeighting::kCounts ? cw[c] - 1 : cw[c] - w[i];
        if (count[c] == 1 || !(own > 0))
          compute = false;
        else
          row[c] /= own;
      } else {
        row[c] /= cw[c];
      }
    }
    size_t nb = ci == 0 ? 1 : 0;
    double bi = row[nb];
    for (size_t c = 1; c < k; ++c) {
      if (c != ci && bi > row[c]) {
        bi = row[c];
        nb = c;
      }
    }
    // kCounts: a lone item of weight > 1 still has its own copies (a(i) = 0).
    if (weighting == SilhouetteWeighting::kCounts && count[ci] == 1 && cw[ci] - 1 > 0) {
      compute = true;
      row[ci] = 0;
    }
    sil.neighbor[i] = static_cast<int>(nb) + 1;
    sil.width[i] = (compute && bi != row[ci]) ? (bi - row[ci]) / std::max(row[ci], bi) : 0.;
  }
  sil.cluster_average.assign(k, 0.0);
  double total = 0;
  for (size_t i = 0; i < n; ++i) {
    sil.cluster_average[static_cast<size_t>(labels[i]) - 1] += w[i] * sil.width[i];
    total += w[i] * sil.width[i];
  }
  for (size_t c = 0; c < k; ++c) sil.cluster_average[c] /= cw[c];
  sil.average = total / Sum(w);
  return sil;
}

// ---------------------------------------------------------------------------------------------
// Representatives.

Result<Representatives> SelectRepresentatives(const DistanceMatrix& d, std::span<const double> weights,
                                              const RepresentativeOptions& options, std::span<const size_t> items) {
  const size_t n = d.size();
  CG_RETURN_ERROR_AS_RESULT(CheckDistances(d));
  std::vector<double> all_w;
  CG_RETURN_ERROR_AS_RESULT(ReadWeights(weights, n, &all_w));
  if (!(options.pradius >= 0 && options.pradius <= 1))
    return Error(Status::Invalid(fmt::format("representatives: pradius = {} must be in [0, 1]", options.pradius)));
  if (options.nrep == 0 && !(options.coverage > 0 && options.coverage <= 1))
    return Error(Status::Invalid(fmt::format("representatives: coverage = {} must be in (0, 1]", options.coverage)));
  if (!(options.dmax >= 0) || !std::isfinite(options.dmax))
    return Error(Status::Invalid(fmt::format("representatives: dmax = {} must be >= 0", options.dmax)));
  std::vector<size_t> set;
  if (items.empty()) {
    set.resize(n);
    std::iota(set.begin(), set.end(), size_t{0});
  } else {
    std::vector<char> seen(n, 0);
    for (size_t i : items) {
      if (i >= n)
        return Error(
            Status::Invalid(fmt::format("representatives: item {} is not in the matrix (0..{})", i, n ? n - 1 : 0)));
      if (seen[i]) return Error(Status::Invalid(fmt::format("representatives: item {} is given twice", i)));
      seen[i] = 1;
    }
    set.assign(items.begin(), items.end());
  }
  const size_t m = set.size();
  if (m == 0) return Error(Status::Invalid("representatives: no items"));
  std::vector<double> w(m);
  for (size_t a = 0; a < m; ++a) w[a] = all_w[set[a]];
  auto dist = [&](size_t a, size_t b) { return d.at(set[a], set[b]); };

  Representatives out;
  out.total_weight = Sum(w);
  out.dmax = options.dmax;
  if (out.dmax == 0)
    for (size_t a = 0; a < m; ++a)
      for (size_t b = a + 1; b < m; ++b) out.dmax = std::max(out.dmax, dist(a, b));
  out.radius = options.pradius * out.dmax;
  const double radius = out.radius;

  std::vector<double> score(m, 0.0);
  for (size_t a = 0; a < m; ++a) {
    for (size_t b = 0; b < m; ++b) {
      const double x = dist(a, b);
      switch (options.criterion) {
        case RepresentativeCriterion::kDensity:
          if (x < radius) score[a] += w[b];
          break;
        case RepresentativeCriterion::kFrequency:
          if (x == 0) score[a] += w[b];
          break;
        case RepresentativeCriterion::kCentrality:
          score[a] += w[b] * x;
          break;
      }
    }
  }
  std::vector<size_t> order(m);
  std::iota(order.begin(), order.end(), size_t{0});
  if (options.criterion == RepresentativeCriterion::kCentrality)
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return score[a] < score[b]; });
  else
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return score[a] > score[b]; });

  std::vector<size_t> reps;
  std::vector<char> covered(m, 0);
  double covered_weight = 0;
  for (size_t idx = 0; idx < m; ++idx) {
    if (options.nrep > 0 ? reps.size() >= options.nrep : covered_weight / out.total_weight >= options.coverage) break;
    const size_t cand = order[idx];
    bool far = true;
    for (size_t r : reps)
      if (!(dist(cand, r) > radius)) far = false;
    if (!far) continue;
    reps.push_back(cand);
    for (size_t a = 0; a < m; ++a) {
      if (!covered[a] && dist(a, cand) < radius) {
        covered[a] = 1;
        covered_weight += w[a];
      }
    }
  }
  out.coverage = covered_weight / out.total_weight;

  // Every item to its nearest representative (the earliest chosen of equals).
  out.items.resize(reps.size());
  std::vector<double> sd(reps.size(), 0.0);
  double sd_total = 0, ss = 0;
  for (size_t a = 0; a < m; ++a) {
    size_t best = 0;
    double bd = dist(a, reps[0]);
    for (size_t r = 1; r < reps.size(); ++r) {
      const double x = dist(a, reps[r]);
      if (x < bd) {
        bd = x;
        best = r;
      }
    }
    Representative& rep = out.items[best];
    rep.assigned_weight += w[a];
    if (bd < radius) rep.neighbourhood_weight += w[a];
    sd[best] += w[a] * bd;
    sd_total += w[a] * bd;
    for (size_t b = a + 1; b < m; ++b) ss += w[a] * w[b] * dist(a, b);
  }
  // dissrep: when every distance is zero (one distinct sequence), the representative covers all.
  bool all_zero = true;
  for (size_t a = 0; a < m && all_zero; ++a)
    for (size_t b = a + 1; b < m; ++b)
      if (dist(a, b) != 0) {
        all_zero = false;
        break;
      }
  if (all_zero) {
    for (Representative& rep : out.items) rep.neighbourhood_weight = rep.assigned_weight;
    out.coverage = 1;
  }
  for (size_t r = 0; r < reps.size(); ++r) {
    Representative& rep = out.items[r];
    rep.item = set[reps[r]];
    rep.score = score[reps[r]];
    rep.coverage = rep.neighbourhood_weight / out.total_weight;
    rep.mean_distance = sd[r] / rep.assigned_weight;
  }
  ss /= out.total_weight;  // Σ_i w_i d(i, centre)
  out.quality = ss > 0 ? (ss - sd_total) / ss : 0;
  return out;
}

// ---------------------------------------------------------------------------------------------
// CLARA.

namespace {

// Uniform in [0, m): rejection of the 2^64 mod m lowest outputs, so every libstdc++ agrees.
uint64_t UniformIndex(std::mt19937_64& rng, uint64_t m) {
  const uint64_t threshold = (0 - m) % m;
  while (true) {
    const uint64_t x = rng();
    if (x >= threshold) return x % m;
  }
}

double UniformUnit(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// Each item to its nearest medoid (medoids ascending; the lowest of equals). Returns Σ w·d, or
// stops early (returning a value > `stop_above`) once the sum exceeds `stop_above`.
double Assign(size_t n, const std::function<double(size_t, size_t)>& distance, const std::vector<size_t>& medoids,
              const std::vector<double>& w, double stop_above, std::vector<size_t>* owner) {
  double total = 0;
  for (size_t i = 0; i < n; ++i) {
    double best = std::numeric_limits<double>::infinity();
    size_t who = 0;
    for (size_t m : medoids) {
      const double x = m == i ? 0.0 : distance(i, m);
      if (x < best) {
        best = x;
        who = m;
      }
    }
    if (owner) (*owner)[i] = who;
    total += w[i] * best;
    if (total > stop_above) return total;
  }
  return total;
}

}  // namespace

Result<ClaraResult> Clara(size_t n, const std::function<double(size_t, size_t)>& distance, size_t k,
                          std::span<const double> weights, const ClaraOptions& options) {
  if (k < 1 || k > n) return Error(Status::Invalid(fmt::format("CLARA: k = {} must be between 1 and {}", k, n)));
  if (!distance) return Error(Status::Invalid("CLARA: no distance function"));
  std::vector<double> w;
  CG_RETURN_ERROR_AS_RESULT(ReadWeights(weights, n, &w));
  const bool weighted = !weights.empty();
  const size_t size = std::min(n, options.sample_size ? options.sample_size : 40 + 2 * k);
  if (k > size) return Error(Status::Invalid(fmt::format("CLARA: k = {} is larger than the sample size {}", k, size)));
  if (options.samples < 1) return Error(Status::Invalid("CLARA: at least one sample is needed"));
  Progress& prog = options.progress ? *options.progress : NullProgress();
  const bool everything = size >= n;
  const size_t samples = everything ? 1 : options.samples;
  prog.Start("CLARA", samples);

  std::mt19937_64 rng(options.seed);
  std::vector<double> cumulative;
  if (weighted) {
    cumulative.resize(n);
    std::partial_sum(w.begin(), w.end(), cumulative.begin());
  }
  const double total_weight = Sum(w);
  std::vector<size_t> best_medoids;
  double best_total = std::numeric_limits<double>::infinity();
  ClaraResult result;
  std::vector<double> count(n, 0.0);  // multiplicity of each item in the current sample
  for (size_t t = 0; t < samples; ++t) {
    if (prog.Cancelled()) return Error(Status::Cancelled("CLARA cancelled"));
    std::vector<size_t> sample;
    if (everything) {
      sample.resize(n);
      std::iota(sample.begin(), sample.end(), size_t{0});
      for (size_t i = 0; i < n; ++i) count[i] = w[i];
    } else {
      for (size_t m : best_medoids) {
        sample.push_back(m);
        count[m] = 1;
      }
      if (!weighted) {
        while (sample.size() < size) {
          const size_t i = static_cast<size_t>(UniformIndex(rng, n));
          if (count[i] == 0) {
            count[i] = 1;
            sample.push_back(i);
          }
        }
      } else {
        // `size` draws in all (with replacement, ∝ weight), more while fewer than k are distinct.
        for (size_t draws = best_medoids.size(); draws < size || sample.size() < k; ++draws) {
          const double u = UniformUnit(rng) * cumulative.back();
          size_t i =
              static_cast<size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin());
          if (i >= n) i = n - 1;
          if (count[i] == 0) sample.push_back(i);
          count[i] += 1;
        }
      }
      std::sort(sample.begin(), sample.end());
    }
    const size_t m = sample.size();
    DistanceMatrix sub(m);
    std::vector<double> sub_w(m);
    for (size_t a = 0; a < m; ++a) {
      sub_w[a] = count[sample[a]];
      count[sample[a]] = 0;
      for (size_t b = a + 1; b < m; ++b) sub.set(a, b, distance(sample[a], sample[b]));
    }
    PamOptions pam_options;
    Result<PamResult> pam = Pam(sub, k, sub_w, pam_options);
    if (!pam) return Error(Status::Invalid("CLARA: sample " + std::to_string(t) + ": " + pam.error().message()));
    std::vector<size_t> medoids;
    for (size_t c : pam->medoids) medoids.push_back(sample[c]);
    std::sort(medoids.begin(), medoids.end());
    const double total = Assign(n, distance, medoids, w, best_total, nullptr);
    if (total < best_total) {
      best_total = total;
      best_medoids = medoids;
      result.best_sample = t;
    }
    prog.Advance(1);
  }
  prog.Finish();

  std::vector<size_t> owner(n);
  best_total = Assign(n, distance, best_medoids, w, std::numeric_limits<double>::infinity(), &owner);
  result.clustering = NumberByFirstAppearance(owner, n);
  result.medoids.assign(k, 0);
  for (size_t m : best_medoids) result.medoids[static_cast<size_t>(result.clustering[m]) - 1] = m;
  result.objective = best_total / total_weight;
  return result;
}

// ---------------------------------------------------------------------------------------------
// Quality.

Result<ClusterQuality> EvaluateClustering(const DistanceMatrix& d, std::span<const int> labels,
                                          std::span<const double> weights) {
  Result<Silhouette> sil = ComputeSilhouette(d, labels, weights, SilhouetteWeighting::kCounts);
  if (!sil) return Error(sil.error());
  const size_t n = d.size();
  std::vector<double> w;
  CG_RETURN_ERROR_AS_RESULT(ReadWeights(weights, n, &w));
  const size_t k = sil->cluster_average.size();
  ClusterQuality q;
  q.asw = sil->average;
  q.clusters.resize(k);
  for (size_t c = 0; c < k; ++c) {
    q.clusters[c].label = static_cast<int>(c) + 1;
    q.clusters[c].asw = sil->cluster_average[c];
  }
  for (size_t i = 0; i < n; ++i) {
    ClusterStats& cs = q.clusters[static_cast<size_t>(labels[i]) - 1];
    ++cs.size;
    cs.weight += w[i];
  }
  // Weighted pair sums: PBC's moments, and the discrepancies (total and within, d and d²).
  double sw = 0, swx = 0, swy = 0, swyy = 0, swxy = 0, ss = 0, ss2 = 0;
  std::vector<double> within(k, 0.0), within2(k, 0.0);
  const double* v = d.values().data();
  size_t pos = 0;
  for (size_t i = 0; i < n; ++i) {
    const size_t ci = static_cast<size_t>(labels[i]) - 1;
    for (size_t j = i + 1; j < n; ++j) {
      const double y = v[pos++];
      const double ww = w[i] * w[j];
      const bool apart = static_cast<size_t>(labels[j]) - 1 != ci;
      sw += ww;
      swy += ww * y;
      swyy += ww * y * y;
      ss += ww * y;
      ss2 += ww * y * y;
      if (apart) {
        swx += ww;
        swxy += ww * y;
      } else {
        within[ci] += ww * y;
        within2[ci] += ww * y * y;
      }
    }
  }
  const double var_x = sw * swx - swx * swx, var_y = sw * swyy - swy * swy;
  q.pbc = var_x > 0 && var_y > 0 ? (sw * swxy - swx * swy) / std::sqrt(var_x * var_y) : 0;
  const double total_weight = Sum(w);
  double ssw = 0, ssw2 = 0;
  for (size_t c = 0; c < k; ++c) {
    ssw += within[c] / q.clusters[c].weight;
    ssw2 += within2[c] / q.clusters[c].weight;
  }
  ss /= total_weight;
  ss2 /= total_weight;
  q.r2 = ss > 0 ? 1 - ssw / ss : 0;
  q.r2_squared = ss2 > 0 ? 1 - ssw2 / ss2 : 0;
  return q;
}

}  // namespace careergraph
