// Synthetic careers: a mobility model file (TOML) and a reproducible simulator that draws
// careers from it, for demos, tests and benchmarks.
// Thread-safety: free functions without shared state.
//
// The model is semi-Markov in months: a person stays in a role at least `min_months`, then
// leaves each month with the hazard 1 - stay^(1/12) (so `stay` is the yearly probability of
// still being in the role), and goes where the role's `moves` shares say. Exits to `outside`
// end the last spell; exits to another destination add a final, open spell in it. People enter
// uniformly over the window, in roles drawn from the entry mix; careers still running at the
// window's end stay open (right-censored). Person i's career depends only on (seed, i), so a
// larger --people extends a smaller run rather than reshuffling it. The format is documented in
// docs/data-formats.md.
#ifndef CAREERGRAPH_SIM_SIMULATOR_H_
#define CAREERGRAPH_SIM_SIMULATOR_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "careergraph/base/progress.h"
#include "careergraph/base/status.h"
#include "careergraph/model/career.h"
#include "careergraph/model/framework.h"

namespace careergraph {

using Shares = std::vector<std::pair<std::string, double>>;  // name -> share, file order

struct RoleMobility {
  std::string role;
  double stay = 0.8;    // yearly probability of still being in the role a year later
  int min_months = 0;   // no move before this many months in the role
  Shares moves;         // where leavers go (roles or destinations), normalised to sum to 1
  Shares titles;        // titles people in the role carry, normalised; empty = no titles
  std::string source;   // provenance of the numbers
};

struct MobilityModel {
  std::string framework;
  std::string description;
  std::vector<std::string> sources;
  Shares entry;  // share of entrants per role, normalised
  std::vector<std::pair<std::string, Shares>> attributes;  // attribute -> value shares
  std::vector<RoleMobility> roles;
};

Result<MobilityModel> ParseMobilityModel(std::string_view toml_text, std::string_view file_name,
                                         const Framework& framework);
Result<MobilityModel> LoadMobilityModelFile(const std::string& path, const Framework& framework);

struct SimulationOptions {
  size_t people = 1000;
  uint64_t seed = 1;
  int start_year = 2000;  // first entries in January of this year
  int end_year = 2025;    // observation ends in January of this year (exclusive)
};

// Draws `options.people` careers. kInvalidArgument for an empty or inverted window.
Result<CareerSet> Simulate(const Framework& framework, const MobilityModel& model,
                           const SimulationOptions& options, Progress& progress = NullProgress());

// Simulated competency assessments, so that gaps and readiness have something to work on. Each
// person of `careers` who holds a role on day `as_of` (a spell with start <= as_of < end in a
// role, not a destination) gets one assessment per competency of the framework, in framework
// order, dated on a uniform day in the last year up to `as_of` but not before that spell began,
// with source "simulated". The level is
//   round(base_c + aptitude_g + noise),  clamped to the competency's scale,
// where base_c is what the person's current role requires of competency c (its scale minimum
// when the role lists none), aptitude_g ~ Normal(0, 0.7) is drawn once per person for each
// competency group (technical, non-technical, custom: people are stronger or weaker across a
// group, not per competency), and noise ~ Normal(0, 0.5) per assessment. A holder thus meets
// each requirement of their own role above the scale minimum with probability about 0.72
// (aptitude + noise ≥ −0.5, sd 0.86), and readiness for the roles above spreads. People in a
// destination or between spells get none. Person i's assessments depend only on (seed, i) and
// their own career, from a random stream separate from Simulate's, so the careers of a seed do
// not change when assessments are added. Sorted by person, then competency.
// O(people × competencies × requirements).
std::vector<Assessment> SimulateAssessments(const Framework& framework, const CareerSet& careers, uint64_t seed,
                                            int32_t as_of);

}  // namespace careergraph

#endif  // CAREERGRAPH_SIM_SIMULATOR_H_
