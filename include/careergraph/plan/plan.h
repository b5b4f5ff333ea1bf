// Planning on a fitted model: the next moves from a role, the k most likely paths to a target
// role, and the absorbing-chain view (probability of ever reaching the target, expected time).
// Thread-safety: pure functions of their inputs; safe to call concurrently.
//
// The chain (docs/planning.md, "Paths to a target"): the roles are transient states, the
// destinations absorbing; from role i the next state is j with the model's p_i(j) after a mean
// time m_i in i. For a target t, t is made absorbing too. With Q the role-to-role jump
// probabilities among the other roles and b_i = p_i(t), the probability of ever reaching t is
// x = (I − Q)^{-1} b (the absorption probabilities), and the expected time to reach t given
// that it is reached is τ_i = [(I − Q)^{-1} (x ∘ m)]_i / x_i (the mean absorption time of the
// chain conditioned on reaching t, Kemeny & Snell, Finite Markov Chains, 1960, § 3.5). The same
// numbers come from R markovchain's absorptionProbabilities, meanAbsorptionTime and
// meanFirstPassageTime on the uniformised chain (tests/integration/plan_oracle.sh).
// Roles that cannot reach any absorbing state (moves among themselves only), or whose time in
// role is unknown, are handled as docs/planning.md says: probability 0, time unknown.
#ifndef CAREERGRAPH_PLAN_PLAN_H_
#define CAREERGRAPH_PLAN_PLAN_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "careergraph/base/status.h"
#include "careergraph/model/framework.h"
#include "careergraph/plan/model.h"

namespace careergraph {

// ---------------------------------------------------------------------------------------------
// Next moves.

struct NextMove {
  std::string to;
  MoveKind kind = MoveKind::kExit;
  bool listed = false, typical = false;
  int64_t observed = 0;
  double probability = 0;       // given the time already in role (duration bands)
  double lower = 0, upper = 0;  // the role's Wilson interval (ModelMove)
  double median_days_at_move = 0;
};

struct NextResult {
  std::string role;
  std::string group;            // the attribute group used ("" = pooled)
  double days_in_role = 0;      // time already spent
  int64_t spells = 0, events = 0;
  std::optional<double> mean_days;            // mean time in role (model)
  std::optional<double> median_days_to_move;  // conditional on days_in_role
  double leave_within_period = 0;             // P(leave within one period), constant hazard
  double period_days = 365.25;
  std::vector<NextMove> moves;  // by probability, then framework order; p > 0 only
};

// Checks that `id` (given with `flag`) is a role of the model: kInvalidArgument for a destination,
// kNotFound for an unknown id (the messages list the roles).
Status CheckModelRole(const CareerModel& model, std::string_view flag, std::string_view id);

// kNotFound for a role the model does not have, kInvalidArgument for a destination.
Result<NextResult> NextMoves(const CareerModel& model, std::string_view role, double days_in_role,
                             std::string_view group = {});

// ---------------------------------------------------------------------------------------------
// Paths.

struct PlanOptions {
  size_t k = 5;                     // >= 1
  std::optional<size_t> max_steps;  // moves per path
  std::string group;                // attribute group ("" = pooled)
};

struct PlanStep {
  std::string from, to;
  MoveKind kind = MoveKind::kPromotion;
  double probability = 0;             // p_from(to)
  std::optional<double> expected_days;  // mean time in `from` before the move
};

struct PlanPath {
  std::vector<PlanStep> steps;
  double probability = 0;               // product of the steps' probabilities
  std::optional<double> expected_days;  // sum of the steps' (absent when one is unknown)
};

enum class Unreachable : uint8_t { kNo, kPolicy, kNoData };

struct PlanResult {
  std::string from, to;
  std::vector<PlanPath> paths;
  double reach_probability = 0;
  std::optional<double> expected_days_to_reach;  // given the target is reached
  Unreachable unreachable = Unreachable::kNo;
  std::string why;  // when unreachable: the reason in words
};

// kInvalidArgument for k < 1, max_steps < 1, from == to, a target that is a destination;
// kNotFound for an unknown role. An unreachable target is not an error here (the result says
// why); the command turns it into one.
Result<PlanResult> PlanPaths(const CareerModel& model, const Framework& framework, std::string_view from,
                             std::string_view to, const PlanOptions& options = {});

// ---------------------------------------------------------------------------------------------
// The absorbing chain on its own, for every role at once (model roles, framework order).

struct ReachAll {
  std::vector<double> probability;                   // of ever reaching the target, per role
  std::vector<std::optional<double>> expected_days;  // given reaching it; absent when p = 0 or unknown
};
// `target` must be a role of the model.
ReachAll ReachTarget(const CareerModel& model, std::string_view target, std::string_view group = {});

// Expected time until an exit (absorption in any destination), per role: the chain's mean
// absorption time in days; +inf when unknown (a role on the way has an unknown time, or the
// role cannot reach an exit).
std::vector<double> ExpectedDaysInFramework(const std::vector<ModelRole>& roles,
                                            const std::vector<std::string>& destinations);

}  // namespace careergraph

#endif  // CAREERGRAPH_PLAN_PLAN_H_
