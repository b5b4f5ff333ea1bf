// The mobility model: how careers move, learned from a population and shaped by the framework.
// Thread-safety: a CareerModel is a plain value; the functions are pure.
//
// Semi-Markov (docs/planning.md, "The model"): a person stays in a role for a while, then
// leaves — to another role or to a destination (an exit, absorbing). Per role the model keeps
//   - the time in role: the Kaplan–Meier curve of the role's spells (analysis/survival.h), and
//     the mean time in role, exposure / events (the maximum-likelihood mean under a constant
//     hazard, which censored spells enter through their exposure);
//   - where leavers go: p(j) = (n_j + a_j) / Σ_k (n_k + a_k), n_j the observed moves to j, a_j
//     the framework prior: `prior` pseudo-moves for a move the framework lists, twice that for a
//     typical one, none for an unlisted move (learned from data only); a move the policy forbids
//     gets p = 0 whatever the data (and is counted in `forbidden`);
//   - the duration dependence: the same shares per band of time in role (under 1 year, 1–3
//     years, 3 years and more), each shrunk toward the role's shares with `kDurationShrinkage`
//     pseudo-moves;
//   - optionally, per value of one person attribute (`by`), the shares and the mean time shrunk
//     toward the pooled ones with `min_group` pseudo-moves, so a thin group falls back on the
//     pooled role (docs/planning.md).
// Per period (a year by default), the probability of still being in the role is exp(−Δ / mean)
// and of a first move to j within the period (1 − exp(−Δ / mean)) · p(j).
#ifndef CAREERGRAPH_PLAN_MODEL_H_
#define CAREERGRAPH_PLAN_MODEL_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "careergraph/analysis/survival.h"
#include "careergraph/base/status.h"
#include "careergraph/model/framework.h"
#include "careergraph/model/population.h"

namespace careergraph {

inline constexpr int kModelFormatVersion = 1;
// Duration bands, in days: [0, 1 y), [1 y, 3 y), [3 y, ∞).
inline constexpr std::array<double, 2> kDurationBandEdges = {365.25, 3 * 365.25};
inline constexpr size_t kDurationBands = 3;
inline constexpr double kDurationShrinkage = 5;

struct ModelOptions {
  double prior = 1;                 // pseudo-moves per listed move (typical: twice); 0 = none
  bool duration = true;             // fit the duration bands
  std::string by;                   // person attribute to condition on ("" = none)
  double min_group = 30;            // shrinkage of a group toward the pooled role, in moves
  std::optional<int32_t> as_of;     // days; default LatestDate(population)
  TimeUnit period = TimeUnit::kYears;  // the per-period probabilities shown
};

// Where leavers of one role go: one candidate state (a role or a destination).
struct ModelMove {
  std::string to;
  MoveKind kind = MoveKind::kExit;
  bool listed = false, typical = false;
  int64_t observed = 0;    // moves seen in the data
  double prior = 0;        // pseudo-moves
  double probability = 0;  // p(to | leave)
  double lower = 0, upper = 0;  // Wilson 95 % on (observed + prior) of (all observed + prior)
  std::array<double, kDurationBands> by_duration{};  // p(to | leave in band b)
  double median_days_at_move = 0;  // median time in role of the observed moves (0 when none)
};

// The fitted numbers of one role (pooled, or of one attribute group).
struct ModelRole {
  std::string id;
  int64_t spells = 0;
  int64_t events = 0;        // spells that ended by the as-of date
  double exposure_days = 0;  // total time in role, censored spells included
  // exposure / events; absent when nobody has left the role (the time in role is unknown).
  std::optional<double> mean_days;
  std::array<SurvivalQuantile, 3> quartiles;  // Kaplan–Meier 25/50/75 %
  // The Kaplan–Meier curve at its event times: (days, survival), ascending.
  std::vector<std::pair<int32_t, double>> survival;
  std::array<int64_t, kDurationBands> band_events{};
  int64_t forbidden = 0;         // observed moves the policy forbids (left out of the shares)
  std::vector<ModelMove> moves;  // every candidate with p > 0 or observed > 0; by p, then framework order
  double expected_days_in_framework = 0;  // until an exit, from the absorbing chain (inf: unknown)

  const ModelMove* Find(std::string_view to) const;
};

struct ModelGroup {
  std::string value;  // the attribute's value
  int64_t people = 0;
  std::vector<ModelRole> roles;  // as CareerModel::roles, shrunk toward them
};

struct CareerModel {
  int format = kModelFormatVersion;
  std::string framework_id, framework_version;
  // The data snapshot the model came from.
  struct Snapshot {
    int64_t people = 0, spells = 0, moves = 0;
    int32_t as_of = 0;       // days
    std::string fingerprint;  // 16 hex digits, a hash of every person id, state and date
  } data;
  std::string fitted_at;  // ISO 8601 UTC; "" in tests
  ModelOptions options;
  std::vector<std::string> destinations;  // exits: the framework's destinations, then `outside`
  std::vector<ModelRole> roles;           // every role, framework order
  std::vector<ModelGroup> groups;         // per value of options.by, by value

  const ModelRole* FindRole(std::string_view id, std::string_view group = {}) const;
  // The roles of an attribute group (the pooled roles for "" or an unknown group).
  const std::vector<ModelRole>& Roles(std::string_view group = {}) const;
  bool IsDestination(std::string_view id) const;
};

// kInvalidArgument for an unknown `by` attribute, a negative prior or min_group, or a state the
// framework does not know.
Result<CareerModel> FitModel(const Population& population, const Framework& framework,
                             const ModelOptions& options = {});

// A hash of the population (people, states, dates), to tell whether a model still matches.
std::string PopulationFingerprint(const Population& population);

// The model as JSON (docs/planning.md, "The model file") and back. ModelFromJson validates the
// structure and numbers; errors name the file and the field. The model must belong to
// `framework` (same id and version), else kInvalidArgument saying which.
std::string ModelToJson(const CareerModel& model);
Result<CareerModel> ModelFromJson(std::string_view text, std::string_view file_name, const Framework& framework);

// Per-period numbers of a role: P(still in the role after one period), P(first move to j
// within the period) — from the mean time in role (docs/planning.md).
double StayProbability(const ModelRole& role, double period_days);

// p(to | leave), given `days_in_role` already spent: the duration bands weighted by the
// probability of leaving in each band given survival so far (the Kaplan–Meier curve); the
// role's shares without duration bands or when the curve says nothing beyond `days_in_role`.
std::vector<double> ConditionalShares(const ModelRole& role, double days_in_role, bool use_duration);

// The median time until the role is left, given `days_in_role` already spent (conditional
// Kaplan–Meier: the first event time t with S(t) <= S(s) / 2, minus s); absent when the curve
// does not fall that far.
std::optional<double> ConditionalMedianDays(const ModelRole& role, double days_in_role);

}  // namespace careergraph

#endif  // CAREERGRAPH_PLAN_MODEL_H_
