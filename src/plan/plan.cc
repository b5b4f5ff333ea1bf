#include "careergraph/plan/plan.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "careergraph/analysis/transitions.h"
#include "careergraph/plan/k_shortest_paths.h"
#include "plan/chain.h"

namespace careergraph {

Result<PlanResult> PlanPaths(const CareerModel& model, const Framework& fw, std::string_view from, std::string_view to,
                             const PlanOptions& options) {
  if (options.k < 1) return Error(Status::Invalid(fmt::format("--k: expected at least 1, got {}", options.k)));
  if (options.max_steps && *options.max_steps < 1) {
    return Error(Status::Invalid(fmt::format("--max-steps: expected at least 1, got {}", *options.max_steps)));
  }
  if (Status s = CheckModelRole(model, "--role", from); !s.ok()) return Error(s);
  if (Status s = CheckModelRole(model, "--to", to); !s.ok()) return Error(s);
  if (from == to) {
    return Error(Status::Invalid(fmt::format("--to {}: the plan starts in {} already; give another target role", to, to)));
  }
  const std::vector<ModelRole>& roles = model.Roles(options.group);
  const size_t n = roles.size(), s = RoleIndexOf(roles, from), t = RoleIndexOf(roles, to);
  PlanResult out;
  out.from = std::string(from);
  out.to = std::string(to);

  const Chain chain = BuildChain(roles);
  std::vector<WeightedEdge> edges;
  for (uint32_t i = 0; i < n; ++i) {
    for (const auto& [j, prob] : chain.out[i]) edges.push_back({i, j, -std::log(prob)});
  }
  const WeightedDigraph graph = WeightedDigraph::FromEdges(static_cast<uint32_t>(n), edges);
  KShortestPaths ksp(graph);
  KShortestOptions ko;
  ko.k = options.k;
  ko.max_edges = options.max_steps;
  for (const WeightedPath& wp : ksp.Find(static_cast<uint32_t>(s), static_cast<uint32_t>(t), ko)) {
    PlanPath path;
    path.probability = std::exp(-wp.cost);
    double days = 0;
    bool known = true;
    for (size_t i = 0; i + 1 < wp.nodes.size(); ++i) {
      const ModelRole& a = roles[wp.nodes[i]];
      PlanStep step;
      step.from = a.id;
      step.to = roles[wp.nodes[i + 1]].id;
      step.kind = fw.Classify(step.from, step.to).kind;
      step.probability = a.Find(step.to)->probability;
      step.expected_days = a.mean_days;
      if (a.mean_days) days += *a.mean_days; else known = false;
      path.steps.push_back(std::move(step));
    }
    if (known) path.expected_days = days;
    out.paths.push_back(std::move(path));
  }
  const ReachAll reach = ReachOn(chain, t);
  out.reach_probability = reach.probability[s];
  out.expected_days_to_reach = reach.expected_days[s];
  if (!out.paths.empty()) return out;

  // Why not: does the policy allow any route at all? Then is it the step limit, or the data?
  std::vector<WeightedEdge> allowed;
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      if (i != j && fw.Classify(roles[i].id, roles[j].id).allowed) {
        allowed.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(j), 1});
      }
    }
  }
  const WeightedDigraph policy = WeightedDigraph::FromEdges(static_cast<uint32_t>(n), allowed);
  KShortestPaths shortest(policy);
  if (shortest.Find(static_cast<uint32_t>(s), static_cast<uint32_t>(t), {1, std::nullopt}).empty()) {
    out.unreachable = Unreachable::kPolicy;
    out.why = fmt::format("no path under the policy: the framework allows no sequence of moves from {} to {} "
                          "(its [policy] forbids the unlisted moves it would need, and it lists none that lead there)",
                          from, to);
    return out;
  }
  out.unreachable = Unreachable::kNoData;
  if (options.max_steps) {
    const std::vector<WeightedPath> any = ksp.Find(static_cast<uint32_t>(s), static_cast<uint32_t>(t), {1, std::nullopt});
    if (!any.empty()) {
      out.why = fmt::format("no path of at most {} moves from {} to {}: the most likely takes {}; raise --max-steps",
                            *options.max_steps, from, to, any.front().nodes.size() - 1);
      return out;
    }
  }
  out.why = fmt::format("no data: the policy allows a route from {} to {}, but no one in the data has made, and the "
                        "framework lists, the moves it needs (the model gives them probability 0)",
                        from, to);
  return out;
}

}  // namespace careergraph
