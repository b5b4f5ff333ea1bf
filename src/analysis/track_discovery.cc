// Track discovery (see analysis/track_discovery.h and docs/analysis.md).
//
// Roles are the graph's nodes in framework order (tracks in file order, roles by level), so
// every "first" below — the first pair of groups to merge, the first partition found with the
// best Q, the first role to move — is first in framework order, and the result is the same on
// every run. Modularity is computed from integer sums: 4m²·Q = 4m·ΣL_c − γ·ΣK_c², which is
// exact in a double for γ = 1 as long as 4m² < 2^53 (m below about 47 million moves), so equal
// partitions compare equal and ties are real ties.
#include "careergraph/analysis/track_discovery.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>

namespace careergraph {
namespace {

constexpr int kMaxExactOrder = 16;  // roles in a group ordered exactly (2^16 subsets)
constexpr int kMaxExactRoles = 13;  // Bell(13) ≈ 27.6 million partitions

// The undirected move graph between placed roles.
struct Graph {
  size_t n = 0;
  std::vector<int64_t> w;  // n × n, symmetric, zero diagonal
  std::vector<int64_t> k;  // strengths: row sums of w
  int64_t m = 0;           // total weight: Σk / 2
  int64_t W(size_t i, size_t j) const { return w[i * n + j]; }
};

// 4m²·Q for integer sums of internal weight (each edge once) and squared group strengths.
double Scaled(const Graph& g, int64_t sum_internal, int64_t sum_k2, double gamma) {
  return 4.0 * static_cast<double>(g.m) * static_cast<double>(sum_internal) - gamma * static_cast<double>(sum_k2);
}

double QOf(const Graph& g, double scaled) {
  const double two_m = 2.0 * static_cast<double>(g.m);
  return scaled / (two_m * two_m);
}

double ScaledOf(const Graph& g, const std::vector<int>& label, double gamma) {
  const int groups = label.empty() ? 0 : *std::max_element(label.begin(), label.end()) + 1;
  std::vector<int64_t> strength(static_cast<size_t>(groups), 0);
  int64_t internal = 0;
  for (size_t i = 0; i < g.n; ++i) {
    strength[static_cast<size_t>(label[i])] += g.k[i];
    for (size_t j = i + 1; j < g.n; ++j) {
      if (label[i] == label[j]) internal += g.W(i, j);
    }
  }
  int64_t k2 = 0;
  for (int64_t s : strength) k2 += s * s;
  return Scaled(g, internal, k2, gamma);
}

// Labels renumbered by first appearance in node order: the canonical form of a partition.
std::vector<int> Canonical(const std::vector<int>& label) {
  const int top = label.empty() ? 0 : *std::max_element(label.begin(), label.end());
  std::vector<int> map(static_cast<size_t>(top) + 1, -1), out(label.size());
  int next = 0;
  for (size_t i = 0; i < label.size(); ++i) {
    int& m = map[static_cast<size_t>(label[i])];
    if (m < 0) m = next++;
    out[i] = m;
  }
  return out;
}

// Every partition of the nodes as a restricted growth string (node i joins one of the groups
// opened by nodes before it, or opens the next), in lexicographic order; per number of groups,
// the first partition with the largest Q.
class Exhaustive {
 public:
  Exhaustive(const Graph& g, double gamma)
      : g_(g), gamma_(gamma), label_(g.n, 0), strength_(g.n, 0), link_(g.n * g.n, 0),
        best_(g.n + 1, -std::numeric_limits<double>::infinity()), best_label_(g.n + 1) {}

  void Run() { Visit(0, 0, 0, 0); }
  double Best(size_t k) const { return best_[k]; }
  const std::vector<int>& BestLabel(size_t k) const { return best_label_[k]; }

 private:
  void Visit(size_t i, int groups, int64_t internal, int64_t k2) {
    if (i == g_.n) {
      const double s = Scaled(g_, internal, k2, gamma_);
      if (s > best_[static_cast<size_t>(groups)]) {
        best_[static_cast<size_t>(groups)] = s;
        best_label_[static_cast<size_t>(groups)] = label_;
      }
      return;
    }
    // link[i][c]: weight between node i and the nodes before it in group c.
    int64_t* link = &link_[i * g_.n];
    std::fill(link, link + groups + 1, 0);
    for (size_t j = 0; j < i; ++j) link[label_[j]] += g_.W(i, j);
    const int64_t ki = g_.k[i];
    for (int c = 0; c <= groups && static_cast<size_t>(c) < g_.n; ++c) {
      label_[i] = c;
      const int64_t kc = strength_[static_cast<size_t>(c)];
      strength_[static_cast<size_t>(c)] += ki;
      Visit(i + 1, std::max(groups, c + 1), internal + link[c], k2 + 2 * kc * ki + ki * ki);
      strength_[static_cast<size_t>(c)] -= ki;
    }
  }

  const Graph& g_;
  double gamma_;
  std::vector<int> label_;
  std::vector<int64_t> strength_;
  std::vector<int64_t> link_;
  std::vector<double> best_;
  std::vector<std::vector<int>> best_label_;
};

// Clauset–Newman–Moore agglomeration run to one group: partitions[k] is the cut with k groups
// (partitions[n] the singletons). A group is named by its first node; each step merges the pair
// with the largest ΔQ, 4m²·ΔQ = 4m·w_ab − 2γ·K_a·K_b, the first such pair on ties.
std::vector<std::vector<int>> Agglomerate(const Graph& g, double gamma) {
  const size_t n = g.n;
  std::vector<int64_t> w = g.w;
  std::vector<int64_t> strength = g.k;
  std::vector<int> group_of(n);
  std::iota(group_of.begin(), group_of.end(), 0);
  std::vector<size_t> active(n);
  std::iota(active.begin(), active.end(), size_t{0});
  std::vector<std::vector<int>> partitions(n + 1);
  partitions[n] = Canonical(group_of);
  const double four_m = 4.0 * static_cast<double>(g.m);
  while (active.size() > 1) {
    size_t best_a = 0, best_b = 1;
    double best = -std::numeric_limits<double>::infinity();
    for (size_t x = 0; x < active.size(); ++x) {
      for (size_t y = x + 1; y < active.size(); ++y) {
        const size_t a = active[x], b = active[y];
        const double d = four_m * static_cast<double>(w[a * n + b]) -
                         2.0 * gamma * static_cast<double>(strength[a]) * static_cast<double>(strength[b]);
        if (d > best) {
          best = d;
          best_a = x;
          best_b = y;
        }
      }
    }
    const size_t a = active[best_a], b = active[best_b];
    for (size_t c : active) {
      if (c == a || c == b) continue;
      w[a * n + c] += w[b * n + c];
      w[c * n + a] = w[a * n + c];
    }
    strength[a] += strength[b];
    for (int& x : group_of) {
      if (x == static_cast<int>(b)) x = static_cast<int>(a);
    }
    active.erase(active.begin() + static_cast<std::ptrdiff_t>(best_b));
    partitions[active.size()] = Canonical(group_of);
  }
  return partitions;
}

// Moves single nodes to another group while that strictly raises Q, in passes over the nodes
// in order; each node goes to the group with the largest gain (the first on ties). A node alone
// in its group stays, so the number of groups is kept. Terminates: Q rises with every move.
// link[i][c], the weight between node i and group c, is kept up to date: O(n·k) a pass.
void Refine(const Graph& g, double gamma, std::vector<int>& label) {
  const size_t n = g.n;
  const size_t groups = static_cast<size_t>(*std::max_element(label.begin(), label.end()) + 1);
  std::vector<int64_t> strength(groups, 0);
  std::vector<int> size(groups, 0);
  std::vector<int64_t> link(n * groups, 0);
  for (size_t i = 0; i < n; ++i) {
    strength[static_cast<size_t>(label[i])] += g.k[i];
    ++size[static_cast<size_t>(label[i])];
    for (size_t j = 0; j < n; ++j) link[i * groups + static_cast<size_t>(label[j])] += g.W(i, j);
  }
  const double four_m = 4.0 * static_cast<double>(g.m);
  // A gain must exceed rounding noise (only possible for γ ≠ 1): ΔQ > 1e-12.
  const double tolerance = 1e-12 * four_m * static_cast<double>(g.m);
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 0; i < n; ++i) {
      const size_t from = static_cast<size_t>(label[i]);
      if (size[from] == 1) continue;
      const int64_t* li = &link[i * groups];
      const double ki = static_cast<double>(g.k[i]);
      double best = tolerance;
      size_t to = groups;
      for (size_t c = 0; c < groups; ++c) {
        if (c == from) continue;
        // 4m²·ΔQ of moving i from `from` to c (w(i, i) = 0, so li[from] leaves i out).
        const double gain = four_m * static_cast<double>(li[c] - li[from]) -
                            2.0 * gamma * ki * static_cast<double>(strength[c] - strength[from] + g.k[i]);
        if (gain > best) {
          best = gain;
          to = c;
        }
      }
      if (to == groups) continue;
      strength[from] -= g.k[i];
      --size[from];
      strength[to] += g.k[i];
      ++size[to];
      label[i] = static_cast<int>(to);
      for (size_t j = 0; j < n; ++j) {
        link[j * groups + from] -= g.W(i, j);
        link[j * groups + to] += g.W(i, j);
      }
      changed = true;
    }
  }
}

// The best partition of `g` for every number of groups: labels[k] and 4m²·Q in scaled[k].
struct Search {
  bool exact = false;
  std::vector<std::vector<int>> labels;
  std::vector<double> scaled;
};

Search BestPartitions(const Graph& g, double gamma, int exact_max_roles) {
  Search s;
  s.exact = g.n <= static_cast<size_t>(exact_max_roles);
  s.labels.resize(g.n + 1);
  s.scaled.assign(g.n + 1, 0);
  if (s.exact) {
    Exhaustive search(g, gamma);
    search.Run();
    for (size_t k = 1; k <= g.n; ++k) {
      s.labels[k] = search.BestLabel(k);
      s.scaled[k] = search.Best(k);
    }
    return s;
  }
  std::vector<std::vector<int>> cuts = Agglomerate(g, gamma);
  for (size_t k = 1; k <= g.n; ++k) {
    Refine(g, gamma, cuts[k]);
    s.labels[k] = Canonical(cuts[k]);
    s.scaled[k] = ScaledOf(g, s.labels[k], gamma);
  }
  return s;
}

// SplitMix64 (Steele, Lea & Flood 2014): a small generator whose output is fixed by its seed on
// every platform, unlike the standard library's distributions.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound), bound > 0, by rejection.
  uint64_t Below(uint64_t bound) {
    const uint64_t limit = -bound % bound;  // 2^64 mod bound
    for (;;) {
      const uint64_t x = Next();
      if (x >= limit) return x % bound;
    }
  }

 private:
  uint64_t state_;
};

// A degree-preserving rewiring of `g` (Maslov & Sneppen 2002): its m moves as undirected edges,
// then 10·m attempted double-edge swaps (a–b, c–d → a–d, c–b, or a–c, b–d with the second edge
// reversed half the time), each refused when it would make a self-loop. Every role keeps its
// strength; multiple edges stay allowed (the graph counts moves).
Graph Rewire(const Graph& g, uint64_t seed) {
  std::vector<std::pair<uint32_t, uint32_t>> edges;
  edges.reserve(static_cast<size_t>(g.m));
  for (size_t a = 0; a < g.n; ++a) {
    for (size_t b = a + 1; b < g.n; ++b) {
      for (int64_t c = 0; c < g.W(a, b); ++c) edges.emplace_back(static_cast<uint32_t>(a), static_cast<uint32_t>(b));
    }
  }
  SplitMix64 rng(seed);
  const uint64_t m = edges.size();
  for (uint64_t t = 0; t < 10 * m && m >= 2; ++t) {
    const size_t x = static_cast<size_t>(rng.Below(m)), y = static_cast<size_t>(rng.Below(m));
    if (x == y) continue;
    auto [a, b] = edges[x];
    auto [c, d] = edges[y];
    if (rng.Next() & 1) std::swap(c, d);
    if (a == d || c == b) continue;
    edges[x] = {a, d};
    edges[y] = {c, b};
  }
  Graph r;
  r.n = g.n;
  r.w.assign(g.n * g.n, 0);
  r.k = g.k;
  r.m = g.m;
  for (const auto& [a, b] : edges) {
    ++r.w[a * g.n + b];
    ++r.w[b * g.n + a];
  }
  return r;
}

int64_t Choose2(int64_t x) { return x * (x - 1) / 2; }

// Contingency table of two labelings: counts[a][b], with the row and column sums.
struct Contingency {
  std::vector<std::vector<int64_t>> counts;
  std::vector<int64_t> rows, cols;
  int64_t n = 0;
};

Contingency Tabulate(const std::vector<int>& a, const std::vector<int>& b) {
  Contingency t;
  const int ra = a.empty() ? 0 : *std::max_element(a.begin(), a.end()) + 1;
  const int rb = b.empty() ? 0 : *std::max_element(b.begin(), b.end()) + 1;
  t.counts.assign(static_cast<size_t>(ra), std::vector<int64_t>(static_cast<size_t>(rb), 0));
  t.rows.assign(static_cast<size_t>(ra), 0);
  t.cols.assign(static_cast<size_t>(rb), 0);
  for (size_t i = 0; i < a.size(); ++i) {
    ++t.counts[static_cast<size_t>(a[i])][static_cast<size_t>(b[i])];
    ++t.rows[static_cast<size_t>(a[i])];
    ++t.cols[static_cast<size_t>(b[i])];
  }
  t.n = static_cast<int64_t>(a.size());
  return t;
}

}  // namespace

double Modularity(const std::vector<int64_t>& w, size_t n, const std::vector<int>& group,
                  double resolution) {
  Graph g;
  g.n = n;
  g.w = w;
  g.k.assign(n, 0);
  int64_t total = 0;
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) g.k[i] += w[i * n + j];
    total += g.k[i];
  }
  g.m = total / 2;
  if (g.m == 0) return 0;
  return QOf(g, ScaledOf(g, group, resolution));
}

double AdjustedRandIndex(const std::vector<int>& a, const std::vector<int>& b) {
  const Contingency t = Tabulate(a, b);
  int64_t index = 0, sum_a = 0, sum_b = 0;
  for (const auto& row : t.counts) {
    for (int64_t c : row) index += Choose2(c);
  }
  for (int64_t r : t.rows) sum_a += Choose2(r);
  for (int64_t c : t.cols) sum_b += Choose2(c);
  const double pairs = static_cast<double>(Choose2(t.n));
  if (pairs == 0) return 1;
  const double expected = static_cast<double>(sum_a) * static_cast<double>(sum_b) / pairs;
  const double max = 0.5 * static_cast<double>(sum_a + sum_b);
  // max == expected only when both labelings are one cluster or both all singletons.
  if (max == expected) return 1;
  return (static_cast<double>(index) - expected) / (max - expected);
}

double NormalizedMutualInformation(const std::vector<int>& a, const std::vector<int>& b) {
  const Contingency t = Tabulate(a, b);
  if (t.n == 0) return 1;
  const double n = static_cast<double>(t.n);
  auto entropy = [n](const std::vector<int64_t>& sums) {
    double h = 0;
    for (int64_t s : sums) {
      if (s > 0) h -= static_cast<double>(s) / n * std::log(static_cast<double>(s) / n);
    }
    return h;
  };
  const double ha = entropy(t.rows), hb = entropy(t.cols);
  if (ha == 0 && hb == 0) return 1;  // one cluster on both sides
  double mi = 0;
  for (size_t i = 0; i < t.counts.size(); ++i) {
    for (size_t j = 0; j < t.counts[i].size(); ++j) {
      const double c = static_cast<double>(t.counts[i][j]);
      if (c == 0) continue;
      mi += c / n * std::log(c * n / (static_cast<double>(t.rows[i]) * static_cast<double>(t.cols[j])));
    }
  }
  return std::max(0.0, mi) / (0.5 * (ha + hb));
}

std::optional<double> KendallTauB(const std::vector<int>& x, const std::vector<int>& y,
                                  const std::vector<int>& stratum) {
  int64_t concordant = 0, discordant = 0, pairs = 0, tied_x = 0, tied_y = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    for (size_t j = i + 1; j < x.size(); ++j) {
      if (stratum[i] != stratum[j]) continue;
      ++pairs;
      const int dx = (x[i] > x[j]) - (x[i] < x[j]);
      const int dy = (y[i] > y[j]) - (y[i] < y[j]);
      tied_x += dx == 0;
      tied_y += dy == 0;
      if (dx * dy > 0) ++concordant;
      if (dx * dy < 0) ++discordant;
    }
  }
  const double denominator = std::sqrt(static_cast<double>(pairs - tied_x) * static_cast<double>(pairs - tied_y));
  if (denominator == 0) return std::nullopt;
  return static_cast<double>(concordant - discordant) / denominator;
}

std::vector<int> OrderByNetDirection(const std::vector<int64_t>& c, size_t n,
                                     const std::vector<int>& nodes) {
  const size_t g = nodes.size();
  auto count = [&](size_t a, size_t b) {  // moves nodes[a] → nodes[b]
    return c[static_cast<size_t>(nodes[a]) * n + static_cast<size_t>(nodes[b])];
  };
  std::vector<int> order;
  if (g <= static_cast<size_t>(kMaxExactOrder)) {
    // rest[S]: the fewest backward moves among the nodes not in S when those in S come first.
    // Placing v right after S costs the moves from v back to S.
    const size_t full = (size_t{1} << g) - 1;
    std::vector<int64_t> rest(full + 1, 0);
    auto back = [&](size_t v, size_t set) {
      int64_t b = 0;
      for (size_t u = 0; u < g; ++u) {
        if (set >> u & 1) b += count(v, u);
      }
      return b;
    };
    for (size_t s = full; s-- > 0;) {
      int64_t best = std::numeric_limits<int64_t>::max();
      for (size_t v = 0; v < g; ++v) {
        if (s >> v & 1) continue;
        best = std::min(best, back(v, s) + rest[s | size_t{1} << v]);
      }
      rest[s] = best;
    }
    for (size_t s = 0; s != full;) {
      for (size_t v = 0; v < g; ++v) {  // the first node that keeps the optimum
        if (s >> v & 1) continue;
        if (back(v, s) + rest[s | size_t{1} << v] == rest[s]) {
          order.push_back(nodes[v]);
          s |= size_t{1} << v;
          break;
        }
      }
    }
    return order;
  }
  // Larger groups: the Eades–Lin–Smyth greedy order (sinks to the back, sources to the front,
  // else the role with the largest out − in among those left), then insertion moves — one role
  // taken out and put back where it leaves the fewest backward moves — while one strictly helps.
  std::vector<char> left(g, 1);
  std::vector<size_t> front, back_rev;
  auto flow = [&](size_t v, bool outgoing) {
    int64_t f = 0;
    for (size_t u = 0; u < g; ++u) {
      if (left[u] && u != v) f += outgoing ? count(v, u) : count(u, v);
    }
    return f;
  };
  for (size_t remaining = g; remaining > 0;) {
    bool took = false;
    for (size_t v = 0; v < g; ++v) {  // sinks
      if (left[v] && flow(v, true) == 0) {
        back_rev.push_back(v);
        left[v] = 0;
        --remaining;
        took = true;
      }
    }
    for (size_t v = 0; v < g; ++v) {  // sources
      if (left[v] && flow(v, false) == 0) {
        front.push_back(v);
        left[v] = 0;
        --remaining;
        took = true;
      }
    }
    if (took || remaining == 0) continue;
    size_t best = g;
    int64_t best_delta = std::numeric_limits<int64_t>::min();
    for (size_t v = 0; v < g; ++v) {
      if (!left[v]) continue;
      const int64_t delta = flow(v, true) - flow(v, false);
      if (delta > best_delta) {
        best_delta = delta;
        best = v;
      }
    }
    front.push_back(best);
    left[best] = 0;
    --remaining;
  }
  std::vector<size_t> seq = front;
  seq.insert(seq.end(), back_rev.rbegin(), back_rev.rend());
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t from = 0; from < g; ++from) {
      const size_t v = seq[from];
      std::vector<size_t> rest = seq;
      rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(from));
      // cost(p): v inserted before rest[p]: moves from v back to rest[<p], and into v from rest[>=p].
      int64_t cost = 0;
      for (size_t u : rest) cost += count(u, v);
      int64_t current = 0, best_cost = 0;
      size_t best_p = 0;
      for (size_t p = 0; p <= rest.size(); ++p) {
        if (p > 0) cost += count(v, rest[p - 1]) - count(rest[p - 1], v);
        if (p == from) current = cost;
        if (p == 0 || cost < best_cost) {
          best_cost = cost;
          best_p = p;
        }
      }
      if (best_cost < current) {
        rest.insert(rest.begin() + static_cast<std::ptrdiff_t>(best_p), v);
        seq = std::move(rest);
        changed = true;
      }
    }
  }
  for (size_t a : seq) order.push_back(nodes[a]);
  return order;
}

Status CheckTrackDiscoveryOptions(const TrackDiscoveryOptions& options) {
  if (!std::isfinite(options.resolution) || options.resolution <= 0) {
    return Status::Invalid(fmt::format("--resolution {}: must be a number above 0", options.resolution));
  }
  if (options.min_moves < 1) {
    return Status::Invalid(fmt::format("--min-moves {}: must be at least 1", options.min_moves));
  }
  if (options.groups && *options.groups < 1) {
    return Status::Invalid(fmt::format("--groups {}: must be at least 1", *options.groups));
  }
  if (options.bootstrap < 0 || options.bootstrap > 10000) {
    return Status::Invalid(fmt::format("--bootstrap {}: must be 0 to 10000", options.bootstrap));
  }
  if (options.null_samples < 0 || options.null_samples > 999) {
    return Status::Invalid(fmt::format("--null-samples {}: must be 0 to 999", options.null_samples));
  }
  if (options.exact_max_roles < 0 || options.exact_max_roles > kMaxExactRoles) {
    return Status::Invalid(fmt::format("exact_max_roles {}: must be 0 to {}", options.exact_max_roles, kMaxExactRoles));
  }
  return Status::Ok();
}

namespace {

// The roles in framework order, and which the options let in.
struct RoleSet {
  std::vector<const Role*> roles;
  StringMap<size_t> index;
  std::vector<size_t> track_of;  // index into framework.tracks
  std::vector<char> considered;
};

Result<RoleSet> Roles(const Framework& framework, const std::vector<std::string>& only) {
  RoleSet rs;
  for (size_t t = 0; t < framework.tracks.size(); ++t) {
    for (const Role* r : framework.RolesOfTrack(framework.tracks[t].id)) {
      rs.index.emplace(r->id, rs.roles.size());
      rs.roles.push_back(r);
      rs.track_of.push_back(t);
    }
  }
  rs.considered.assign(rs.roles.size(), only.empty());
  for (const std::string& id : only) {
    auto it = rs.index.find(id);
    if (it == rs.index.end()) {
      return Error(Status::Invalid(fmt::format("role '{}': not a role of framework '{}' {}", id, framework.id,
                                               framework.version)));
    }
    rs.considered[it->second] = 1;
  }
  return rs;
}

// The move graph of one population: directed counts between all roles (from ComputeTransitions
// at role level: the one move walker), each role's moves, and the graph of the placed roles.
struct MoveGraph {
  std::vector<int64_t> all;         // nr × nr directed counts between considered roles
  std::vector<int64_t> role_moves;  // in + out, per role
  std::vector<size_t> placed;       // role index of each node
  std::vector<int64_t> directed;    // n × n directed counts between placed roles
  Graph g;
  int64_t total = 0;                // every move counted, entries and exits included
};

Result<MoveGraph> BuildGraph(const Population& population, const Framework& framework, const RoleSet& rs,
                             const TrackDiscoveryOptions& options) {
  TransitionOptions topt = options.filter;
  topt.level = TransitionLevel::kRole;
  Result<TransitionTable> table = ComputeTransitions(population, framework, topt);
  if (!table) return Error(table.error());
  const size_t nr = rs.roles.size();
  MoveGraph mg;
  mg.total = table->total;
  mg.all.assign(nr * nr, 0);
  for (const TransitionCount& mv : table->moves) {
    auto f = rs.index.find(mv.from), t = rs.index.find(mv.to);
    if (f == rs.index.end() || t == rs.index.end() || f->second == t->second) continue;
    if (!rs.considered[f->second] || !rs.considered[t->second]) continue;
    mg.all[f->second * nr + t->second] += mv.count;
  }
  mg.role_moves.assign(nr, 0);
  for (size_t i = 0; i < nr; ++i) {
    for (size_t j = 0; j < nr; ++j) mg.role_moves[i] += mg.all[i * nr + j] + mg.all[j * nr + i];
    if (rs.considered[i] && mg.role_moves[i] >= options.min_moves) mg.placed.push_back(i);
  }
  Graph& g = mg.g;
  g.n = mg.placed.size();
  g.w.assign(g.n * g.n, 0);
  g.k.assign(g.n, 0);
  mg.directed.assign(g.n * g.n, 0);
  for (size_t a = 0; a < g.n; ++a) {
    for (size_t b = 0; b < g.n; ++b) {
      const int64_t c = mg.all[mg.placed[a] * nr + mg.placed[b]];
      mg.directed[a * g.n + b] = c;
      g.w[a * g.n + b] += c;
      g.w[b * g.n + a] += c;
      g.m += c;
    }
  }
  for (size_t a = 0; a < g.n; ++a) {
    for (size_t b = 0; b < g.n; ++b) g.k[a] += g.W(a, b);
  }
  return mg;
}

// The people of `pop` drawn with replacement, as many as it has (a bootstrap resample).
Population Resample(const Population& pop, SplitMix64& rng) {
  Population r;
  r.states = pop.states;
  r.titles.Intern("");  // transitions read no titles: every spell gets none
  r.attribute_names = pop.attribute_names;
  r.attribute_values = pop.attribute_values;
  r.attribute.assign(pop.attribute.size(), {});
  const size_t n = pop.people();
  r.person_ids.reserve(n);
  r.spell_begin.reserve(n + 1);
  r.spell_begin.push_back(0);
  for (size_t i = 0; i < n; ++i) {
    const size_t p = static_cast<size_t>(rng.Below(n));
    r.person_ids.push_back(pop.person_ids[p]);
    for (size_t a = 0; a < pop.attribute.size(); ++a) r.attribute[a].push_back(pop.attribute[a][p]);
    for (uint32_t s = pop.spell_begin[p]; s < pop.spell_begin[p + 1]; ++s) {
      r.state.push_back(pop.state[s]);
      r.title.push_back(0);
      r.start.push_back(pop.start[s]);
      r.end.push_back(pop.end[s]);
      r.start_precision.push_back(pop.start_precision[s]);
      r.end_precision.push_back(pop.end_precision[s]);
    }
    r.spell_begin.push_back(static_cast<uint32_t>(r.state.size()));
  }
  return r;
}

}  // namespace

Result<TrackDiscovery> DiscoverTracks(const Population& population, const Framework& framework,
                                      const TrackDiscoveryOptions& options) {
  if (Status s = CheckTrackDiscoveryOptions(options); !s.ok()) return Error(std::move(s));
  const double gamma = options.resolution;
  Result<RoleSet> role_set = Roles(framework, options.only_roles);
  if (!role_set) return Error(role_set.error());
  const RoleSet& rs = *role_set;
  const std::vector<const Role*>& roles = rs.roles;
  const std::vector<size_t>& track_of = rs.track_of;
  const std::vector<char>& considered = rs.considered;
  const size_t nr = roles.size();
  Result<MoveGraph> built = BuildGraph(population, framework, rs, options);
  if (!built) return Error(built.error());
  const MoveGraph& mg = *built;
  const std::vector<int64_t>& all = mg.all;
  const std::vector<int64_t>& role_moves = mg.role_moves;
  const std::vector<size_t>& placed = mg.placed;
  const std::vector<int64_t>& directed = mg.directed;
  const Graph& g = mg.g;

  TrackDiscovery out;
  out.resolution = gamma;
  out.min_moves = options.min_moves;
  out.forced = options.groups.has_value();
  for (size_t i = 0; i < nr; ++i) {
    if (considered[i] && role_moves[i] < options.min_moves) out.unplaced.push_back(roles[i]->id);
  }
  for (size_t a = 0; a < g.n; ++a) {
    for (size_t b = 0; b < g.n; ++b) {
      const int64_t c = directed[a * g.n + b];
      if (c > 0) out.edges.push_back({roles[placed[a]]->id, roles[placed[b]]->id, c});
    }
  }
  if (g.m == 0) {
    return Error(Status::Invalid(fmt::format(
        "no moves between two roles{}: nothing to group (the careers have {} moves in all, entries and exits "
        "included)", options.min_moves > 1 ? fmt::format(" with at least {} moves each", options.min_moves) : "",
        mg.total)));
  }
  if (options.groups && static_cast<size_t>(*options.groups) > g.n) {
    return Error(Status::Invalid(fmt::format("--groups {}: only {} roles have {} move{} or more to or from other roles",
                                             *options.groups, g.n, options.min_moves,
                                             options.min_moves == 1 ? "" : "s")));
  }
  out.moves = g.m;
  out.placed_roles = static_cast<int>(g.n);

  // Best partition per number of groups; the k with the largest Q.
  const Search search = BestPartitions(g, gamma, options.exact_max_roles);
  out.exact = search.exact;
  out.modularity_by_k.assign(g.n, 0);
  for (size_t k = 1; k <= g.n; ++k) out.modularity_by_k[k - 1] = QOf(g, search.scaled[k]);
  size_t best_k = 1;
  for (size_t k = 2; k <= g.n; ++k) {
    if (out.modularity_by_k[k - 1] > out.modularity_by_k[best_k - 1]) best_k = k;
  }
  out.best_k = static_cast<int>(best_k);
  const double best_q = out.modularity_by_k[best_k - 1];

  // Is that best Q more than a graph with the same role strengths and no structure reaches?
  // Sample s is rewired from seed s + 1; the same search scores it.
  Progress& progress = options.progress ? *options.progress : NullProgress();
  progress.Start("tracks", static_cast<uint64_t>(options.null_samples) + static_cast<uint64_t>(options.bootstrap));
  uint64_t done = 0;
  auto step = [&]() -> Status {
    if (progress.Cancelled()) return Status::Cancelled("track discovery stopped before its rewirings and resamples were done");
    progress.Advance(++done);
    return Status::Ok();
  };
  int beaten_by = 0;
  for (int s = 0; s < options.null_samples; ++s) {
    if (Status st = step(); !st.ok()) return Error(std::move(st));
    const Graph r = Rewire(g, static_cast<uint64_t>(s) + 1);
    const Search null_search = BestPartitions(r, gamma, options.exact_max_roles);
    double q = -std::numeric_limits<double>::infinity();
    for (size_t k = 1; k <= r.n; ++k) q = std::max(q, QOf(r, null_search.scaled[k]));
    out.null_modularity.push_back(q);
    beaten_by += q >= best_q;
  }
  if (options.null_samples > 0) {
    out.p_value = static_cast<double>(1 + beaten_by) / static_cast<double>(1 + options.null_samples);
  }
  out.supported = best_k > 1 && beaten_by == 0;

  size_t chosen = out.supported ? best_k : 1;
  if (options.groups) chosen = static_cast<size_t>(*options.groups);
  const std::vector<int>& label = search.labels[chosen];
  out.modularity = out.modularity_by_k[chosen - 1];

  // Groups (labels are canonical: numbered by their first role in framework order), each
  // ordered by net direction and matched to the framework track it shares most roles with.
  const size_t nt = framework.tracks.size();
  std::vector<int> group_of(nr, 0), position_of(nr, 0);
  for (size_t gi = 0; gi < chosen; ++gi) {
    std::vector<int> nodes;
    for (size_t a = 0; a < g.n; ++a) {
      if (static_cast<size_t>(label[a]) == gi) nodes.push_back(static_cast<int>(a));
    }
    DiscoveredGroup group;
    group.number = static_cast<int>(gi + 1);
    const std::vector<int> order = OrderByNetDirection(directed, g.n, nodes);
    std::vector<int64_t> overlap(nt, 0);
    for (size_t p = 0; p < order.size(); ++p) {
      const size_t a = static_cast<size_t>(order[p]);
      group.roles.push_back(roles[placed[a]]->id);
      group.strength += g.k[a];
      ++overlap[track_of[placed[a]]];
      group_of[placed[a]] = group.number;
      position_of[placed[a]] = static_cast<int>(p + 1);
      for (size_t q = 0; q < order.size(); ++q) {
        const int64_t c = directed[a * g.n + static_cast<size_t>(order[q])];
        group.internal_moves += c;
        if (q < p) group.backward_moves += c;
      }
    }
    const size_t best_track = static_cast<size_t>(std::max_element(overlap.begin(), overlap.end()) - overlap.begin());
    group.track = framework.tracks[best_track].id;
    group.overlap = overlap[best_track];
    out.groups.push_back(std::move(group));
  }

  // Agreement with the framework over the placed roles.
  std::vector<int> by_group, by_track, position, level, stratum;
  std::vector<char> used_track(nt, 0);
  for (size_t a = 0; a < g.n; ++a) {
    const size_t r = placed[a];
    by_group.push_back(group_of[r] - 1);
    by_track.push_back(static_cast<int>(track_of[r]));
    position.push_back(position_of[r]);
    level.push_back(roles[r]->level);
    stratum.push_back((group_of[r] - 1) * static_cast<int>(nt) + static_cast<int>(track_of[r]));
    used_track[track_of[r]] = 1;
  }
  out.framework_tracks = static_cast<int>(std::count(used_track.begin(), used_track.end(), 1));
  out.ari = AdjustedRandIndex(by_group, Canonical(by_track));
  out.nmi = NormalizedMutualInformation(by_group, Canonical(by_track));
  out.tau_b = KendallTauB(position, level, stratum);
  for (DiscoveredGroup& group : out.groups) {
    std::vector<int> st(stratum.size(), -1);
    for (size_t a = 0; a < g.n; ++a) {
      if (by_group[a] + 1 == group.number) st[a] = stratum[a];
      else st[a] = -1 - static_cast<int>(a);  // a stratum of its own: never paired
    }
    group.tau_b = KendallTauB(position, level, st);
  }

  // Every role's line, and the roles placed apart from their framework track.
  for (size_t r = 0; r < nr; ++r) {
    RolePlacement p;
    p.role = roles[r]->id;
    p.framework_track = roles[r]->track;
    p.framework_level = roles[r]->level;
    p.considered = considered[r];
    p.moves = role_moves[r];
    p.group = group_of[r];
    p.position = position_of[r];
    if (p.group > 0) {
      const DiscoveredGroup& group = out.groups[static_cast<size_t>(p.group - 1)];
      p.differs = group.track != p.framework_track;
      if (p.differs) {
        PlacedDifferently d;
        d.role = p.role;
        d.framework_track = p.framework_track;
        d.group = p.group;
        d.group_track = group.track;
        for (size_t a = 0; a < g.n; ++a) {
          const size_t o = placed[a];
          if (o == r) continue;
          const int64_t out_to = all[r * nr + o], in_from = all[o * nr + r];
          if (group_of[o] == p.group) {
            d.moves_with_group += out_to + in_from;
            if (out_to > 0) d.pull.push_back({p.role, roles[o]->id, out_to});
            if (in_from > 0) d.pull.push_back({roles[o]->id, p.role, in_from});
          }
          if (track_of[o] == track_of[r]) d.moves_with_track += out_to + in_from;
        }
        std::stable_sort(d.pull.begin(), d.pull.end(),
                         [](const RoleMoveCount& x, const RoleMoveCount& y) { return x.count > y.count; });
        out.placed_differently.push_back(std::move(d));
      }
    }
    out.roles.push_back(std::move(p));
  }

  // Bootstrap: people resampled with replacement; each resample's graph searched the same way,
  // its number of groups chosen by the largest Q alone (or the forced number, when it has that
  // many roles). Resample b draws from seed 1000003 + b.
  if (options.bootstrap > 0) {
    const std::vector<int>& result_group = group_of;  // 1-based, 0: not placed
    std::vector<double> agree(nr, 0);
    std::vector<int64_t> seen(nr, 0);
    double ari_sum = 0;
    out.bootstrap_k.assign(g.n, 0);
    for (int b = 0; b < options.bootstrap; ++b) {
      if (Status st = step(); !st.ok()) return Error(std::move(st));
      SplitMix64 rng(1000003 + static_cast<uint64_t>(b));
      const Population sample = Resample(population, rng);
      Result<MoveGraph> sg = BuildGraph(sample, framework, rs, options);
      if (!sg) return Error(sg.error());
      ++out.bootstrap;
      if (sg->g.m == 0) continue;
      const Search ss = BestPartitions(sg->g, gamma, options.exact_max_roles);
      size_t k_best = 1;
      for (size_t k = 2; k <= sg->g.n; ++k) {
        if (ss.scaled[k] > ss.scaled[k_best]) k_best = k;
      }
      if (k_best > out.bootstrap_k.size()) out.bootstrap_k.resize(k_best, 0);
      ++out.bootstrap_k[k_best - 1];
      size_t k_use = k_best;
      if (options.groups && static_cast<size_t>(*options.groups) <= sg->g.n) {
        k_use = static_cast<size_t>(*options.groups);
      }
      std::vector<int> sample_group(nr, 0);
      for (size_t a = 0; a < sg->g.n; ++a) sample_group[sg->placed[a]] = ss.labels[k_use][a] + 1;
      std::vector<int> x, y;  // roles placed in both
      std::vector<size_t> both;
      for (size_t r = 0; r < nr; ++r) {
        if (result_group[r] > 0 && sample_group[r] > 0) {
          both.push_back(r);
          x.push_back(result_group[r] - 1);
          y.push_back(sample_group[r] - 1);
        }
      }
      ari_sum += AdjustedRandIndex(Canonical(x), Canonical(y));
      for (size_t i : both) {
        int64_t same = 0, pairs = 0;
        for (size_t j : both) {
          if (j == i) continue;
          ++pairs;
          same += (result_group[i] == result_group[j]) == (sample_group[i] == sample_group[j]);
        }
        if (pairs == 0) continue;
        agree[i] += static_cast<double>(same) / static_cast<double>(pairs);
        ++seen[i];
      }
    }
    int64_t searched = 0;
    for (int64_t c : out.bootstrap_k) searched += c;
    if (searched > 0) out.bootstrap_ari = ari_sum / static_cast<double>(searched);
    for (size_t r = 0; r < nr; ++r) {
      if (seen[r] > 0) out.roles[r].stability = agree[r] / static_cast<double>(seen[r]);
    }
    for (DiscoveredGroup& group : out.groups) {
      double sum = 0;
      int n = 0;
      for (const RolePlacement& p : out.roles) {
        if (p.group == group.number && p.stability) {
          sum += *p.stability;
          ++n;
        }
      }
      if (n > 0) group.stability = sum / n;
    }
  }
  progress.Finish();
  return out;
}

}  // namespace careergraph
