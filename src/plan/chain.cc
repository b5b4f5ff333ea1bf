// The absorbing-chain view of a fitted model (plan/plan.h): absorption probabilities and mean
// absorption times by sparse LU (Eigen).
#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/Sparse>
#include <Eigen/SparseLU>

#include "plan/chain.h"

#include "careergraph/base/string_map.h"

namespace careergraph {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The states that can reach one of `seeds` through the chain's moves, without passing through a
// state in `blocked` (seeds themselves included).
std::vector<uint8_t> CanReach(const Chain& c, const std::vector<uint8_t>& seeds, const std::vector<uint8_t>& blocked) {
  std::vector<uint8_t> mark = seeds;
  std::vector<uint32_t> stack;
  for (uint32_t i = 0; i < mark.size(); ++i) {
    if (mark[i]) stack.push_back(i);
  }
  while (!stack.empty()) {
    const uint32_t v = stack.back();
    stack.pop_back();
    for (const auto& [u, p] : c.in[v]) {
      if (!mark[u] && !blocked[u]) {
        mark[u] = 1;
        stack.push_back(u);
      }
    }
  }
  return mark;
}

// Solves (I − Q_SS) y = rhs_S over the states in `set`, Q the chain's role-to-role moves; y is 0
// outside the set. The caller guarantees I − Q_SS is non-singular (every state of the set leaves
// it with positive probability eventually). Sparse LU (Eigen), exact up to rounding.
std::vector<double> SolveOn(const Chain& c, const std::vector<uint8_t>& set, const std::vector<double>& rhs) {
  const size_t n = set.size();
  std::vector<int> pos(n, -1);
  int m = 0;
  for (size_t i = 0; i < n; ++i) {
    if (set[i]) pos[i] = m++;
  }
  std::vector<double> y(n, 0);
  if (m == 0) return y;
  std::vector<Eigen::Triplet<double>> t;
  Eigen::VectorXd b(m);
  for (size_t i = 0; i < n; ++i) {
    if (pos[i] < 0) continue;
    t.emplace_back(pos[i], pos[i], 1.0);
    for (const auto& [j, p] : c.out[i]) {
      if (pos[j] >= 0) t.emplace_back(pos[i], pos[j], -p);
    }
    b[pos[i]] = rhs[i];
  }
  Eigen::SparseMatrix<double> a(m, m);
  a.setFromTriplets(t.begin(), t.end());
  a.makeCompressed();
  Eigen::SparseLU<Eigen::SparseMatrix<double>> lu;
  lu.compute(a);
  if (lu.info() != Eigen::Success) return std::vector<double>(n, std::numeric_limits<double>::quiet_NaN());
  const Eigen::VectorXd x = lu.solve(b);
  for (size_t i = 0; i < n; ++i) {
    if (pos[i] >= 0) y[i] = x[pos[i]];
  }
  return y;
}


}  // namespace

size_t RoleIndexOf(const std::vector<ModelRole>& roles, std::string_view id) {
  return static_cast<size_t>(std::find_if(roles.begin(), roles.end(), [&](const ModelRole& r) { return r.id == id; }) -
                             roles.begin());
}

Chain BuildChain(const std::vector<ModelRole>& roles) {
  Chain c;
  const size_t n = roles.size();
  StringMap<uint32_t> index;
  for (size_t i = 0; i < n; ++i) index.emplace(roles[i].id, static_cast<uint32_t>(i));
  c.out.resize(n);
  c.in.resize(n);
  c.mean.resize(n);
  for (size_t i = 0; i < n; ++i) {
    c.mean[i] = roles[i].mean_days ? *roles[i].mean_days : kInf;
    for (const ModelMove& m : roles[i].moves) {
      if (m.probability <= 0) continue;
      auto j = index.find(m.to);
      if (j == index.end()) continue;  // a destination
      c.out[i].emplace_back(j->second, m.probability);
      c.in[j->second].emplace_back(static_cast<uint32_t>(i), m.probability);
    }
  }
  return c;
}

ReachAll ReachTarget(const CareerModel& model, std::string_view target, std::string_view group) {
  const std::vector<ModelRole>& roles = model.Roles(group);
  const size_t t = RoleIndexOf(roles, target);
  if (t == roles.size()) return ReachAll{std::vector<double>(roles.size(), 0),
                                         std::vector<std::optional<double>>(roles.size())};
  return ReachOn(BuildChain(roles), t);
}

ReachAll ReachOn(const Chain& c, size_t t) {
  const size_t n = c.out.size();
  ReachAll out;
  out.probability.assign(n, 0);
  out.expected_days.assign(n, std::nullopt);
  std::vector<uint8_t> seed(n, 0), blocked(n, 0);
  seed[t] = 1;
  blocked[t] = 1;
  // R: the other roles that can reach the target before it (every state of R leaves R with
  // positive probability, so I − Q_RR is non-singular).
  std::vector<uint8_t> reach = CanReach(c, seed, blocked);
  reach[t] = 0;
  std::vector<double> b(n, 0);
  for (size_t i = 0; i < n; ++i) {
    for (const auto& [j, p] : c.out[i]) {
      if (j == t) b[i] = p;
    }
  }
  // Moves into the target leave the set; the solve sees Q without the target's column.
  Chain q = c;
  for (auto& edges : q.out) std::erase_if(edges, [t](const auto& e) { return e.first == t; });
  out.probability = SolveOn(q, reach, b);
  out.probability[t] = 1;
  // Expected time given reaching: on R minus the states that can reach a role of unknown time.
  std::vector<uint8_t> unknown(n, 0);
  for (size_t i = 0; i < n; ++i) unknown[i] = reach[i] && std::isinf(c.mean[i]);
  std::vector<uint8_t> not_r(n, 1);
  for (size_t i = 0; i < n; ++i) not_r[i] = !reach[i];
  const std::vector<uint8_t> tainted = CanReach(q, unknown, not_r);
  std::vector<uint8_t> known(n, 0);
  std::vector<double> rhs(n, 0);
  for (size_t i = 0; i < n; ++i) {
    known[i] = reach[i] && !tainted[i];
    if (known[i]) rhs[i] = out.probability[i] * c.mean[i];
  }
  const std::vector<double> y = SolveOn(q, known, rhs);
  for (size_t i = 0; i < n; ++i) {
    if (known[i] && out.probability[i] > 0) out.expected_days[i] = y[i] / out.probability[i];
  }
  out.expected_days[t] = 0;
  return out;
}

std::vector<double> ExpectedDaysInFramework(const std::vector<ModelRole>& roles,
                                            const std::vector<std::string>& destinations) {
  const size_t n = roles.size();
  const Chain c = BuildChain(roles);
  // The time is finite for the roles that reach an exit with probability 1 through roles of known
  // time: not those that can get to a role of unknown time, nor to one that can never exit (a
  // closed class of roles). On that set every state leaves it eventually, so I − Q is non-singular.
  std::vector<uint8_t> exits(n, 0), none(n, 0);
  for (size_t i = 0; i < n; ++i) {
    for (const ModelMove& m : roles[i].moves) {
      if (m.probability > 0 && std::find(destinations.begin(), destinations.end(), m.to) != destinations.end()) {
        exits[i] = 1;
      }
    }
  }
  const std::vector<uint8_t> can_exit = CanReach(c, exits, none);
  std::vector<uint8_t> bad(n, 0);
  for (size_t i = 0; i < n; ++i) bad[i] = std::isinf(c.mean[i]) || !can_exit[i];
  const std::vector<uint8_t> reach_bad = CanReach(c, bad, none);
  std::vector<uint8_t> set(n, 0);
  for (size_t i = 0; i < n; ++i) set[i] = !reach_bad[i];
  std::vector<double> out = SolveOn(c, set, c.mean);
  for (size_t i = 0; i < n; ++i) {
    if (!set[i]) out[i] = kInf;
  }
  return out;
}

}  // namespace careergraph
