// Survival: how long people stay in a role ("time in role") — Kaplan–Meier survival with
// Greenwood standard errors and log-transformed intervals, median and quartiles with intervals,
// and competing risks (where people go when they leave: Aalen–Johansen cumulative incidence with
// infinitesimal-jackknife standard errors). The numbers are those of R's `survival` package
// (survfit, summary.survfit, quantile.survfit), which the tests use as the oracle.
// Thread-safety: pure functions of their inputs; safe to call concurrently.
//
// Two levels:
//   - estimators on raw arrays (a duration and a status or cause per observation), for tests
//     and for any other analysis that has durations;
//   - ComputeTenure, which turns a Population into role spells and runs them.
//
// Role spells (consistent with analysis/transitions.h): a maximal run of consecutive spells of
// one person in one role (a title change is not a move); spells in destinations are skipped.
// Its duration is end − start in days (the run's first start and last end). It has an event when
// it ended on or before the as-of date — whatever follows: the next role, a destination, or
// nothing (an exit to `outside`) — and is censored at as-of − start when it is ongoing or ends
// after the as-of date. Runs starting after the as-of date are left out. The cause of an event
// is where the person went next: the next role (level role) or its track (level track; a move
// within a track names that track), the destination, or `outside` when nothing follows.
#ifndef CAREERGRAPH_ANALYSIS_SURVIVAL_H_
#define CAREERGRAPH_ANALYSIS_SURVIVAL_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "careergraph/analysis/transitions.h"
#include "careergraph/base/status.h"
#include "careergraph/model/framework.h"
#include "careergraph/model/population.h"

namespace careergraph {

// ---------------------------------------------------------------------------------------------
// Units. Durations are days; they are reported in years (days / 365.25), months
// (days / (365.25 / 12)) or days.

enum class TimeUnit : uint8_t { kDays, kMonths, kYears };
std::string_view TimeUnitName(TimeUnit unit);  // "days", "months", "years"
std::optional<TimeUnit> ParseTimeUnit(std::string_view name);
double DaysPerUnit(TimeUnit unit);  // 1, 30.4375, 365.25

// qnorm(0.975) to full precision: the 95 % intervals.
inline constexpr double kZ95 = 1.959963984540054;
// quantile.survfit's tolerance: sqrt(.Machine$double.eps).
inline constexpr double kQuantileTolerance = 1.4901161193847656e-08;

// ---------------------------------------------------------------------------------------------
// Kaplan–Meier on raw arrays.

// One distinct observed time (an event time or a censoring time), as a row of R's survfit.
struct SurvivalPoint {
  int32_t time = 0;      // days
  int64_t at_risk = 0;   // observations with time >= `time`
  int64_t events = 0;    // events at `time`
  int64_t censored = 0;  // censored at `time`
  double survival = 1;   // S(time), just after the events at `time`
  // Of the survival: S · sqrt(Greenwood sum Σ d / (n (n − d))), as summary(survfit)$std.err;
  // NaN once S = 0 (the sum is infinite; R prints NaN).
  double std_err = 0;
  // exp(log S ∓ z · sqrt(Greenwood sum)), the upper capped at 1 (R's conf.type = "log");
  // NaN once S = 0.
  double lower = 1, upper = 1;
};

// A quantile of the time in role: the time by which `percent` % of spells have ended, i.e. the
// survival drops to 1 − percent / 100; its interval comes from the lower and upper survival
// curves. Exactly R's quantile.survfit (findq): where the curve is flat within
// kQuantileTolerance of the target the midpoint of the flat stretch is taken (its end being the
// last observed time when the curve stays there). Absent when the curve does not get there.
struct SurvivalQuantile {
  double percent = 0;  // 25, 50 or 75
  std::optional<double> time, lower, upper;  // days
};

struct KaplanMeier {
  int64_t n = 0;
  int64_t events = 0;
  // Every distinct observed time (events and censorings), ascending — R's survfit rows;
  // summary(survfit) shows the rows with events.
  std::vector<SurvivalPoint> curve;
  std::array<SurvivalQuantile, 3> quartiles;  // 25, 50 and 75 %

  const SurvivalQuantile& median() const { return quartiles[1]; }
  int32_t last_time() const { return curve.empty() ? 0 : curve.back().time; }
};

// `time` in days (>= 0), `status` nonzero for an event, zero for censored; equal lengths.
// kInvalidArgument otherwise. O(n + range of times) by counting (a sort when the range is much
// wider than n).
Result<KaplanMeier> EstimateKaplanMeier(std::span<const int32_t> time, std::span<const uint8_t> status);

// The curve at time t (days), as summary(survfit, times = t): survival and interval of the last
// row at or before t (1 before the first), and the number still at risk at t (time >= t).
struct SurvivalAt {
  double time = 0;  // days
  int64_t at_risk = 0;
  double survival = 1, lower = 1, upper = 1;
};
SurvivalAt KaplanMeierAt(const KaplanMeier& km, double t);

// Regular times for an at-risk table and axis ticks: 0, s, 2s, ... up to `last_days`, with a
// round step s (1, 2 or 5 × a power of ten, in `unit`) giving at most ~10 of them. In days.
std::vector<double> RegularTimes(double last_days, TimeUnit unit);

// ---------------------------------------------------------------------------------------------
// Competing risks (Aalen–Johansen) on raw arrays.

// The cumulative incidence of one cause at every distinct observed time.
struct IncidenceCurve {
  int64_t events = 0;               // all events of this cause
  std::vector<int64_t> events_at;   // per time
  std::vector<double> incidence;    // P(left for this cause by then)
  // Infinitesimal-jackknife standard error (R's multi-state survfit, survival >= 3).
  std::vector<double> std_err;
  // exp(log F ∓ z · se / F), the upper capped at 1 (conf.type = "log"); NaN while F = 0.
  std::vector<double> lower, upper;
};

struct CompetingRisks {
  int64_t n = 0;
  int64_t events = 0;
  std::vector<int32_t> time;          // every distinct observed time, ascending (days)
  std::vector<int64_t> at_risk;       // per time: observations with time >= it
  std::vector<int64_t> events_at;     // per time, all causes
  std::vector<int64_t> censored_at;   // per time
  std::vector<double> survival;       // P(still in the role) (the Kaplan–Meier estimate)
  std::vector<double> survival_std_err;  // its infinitesimal-jackknife standard error
  std::vector<IncidenceCurve> causes;    // causes[k] is cause code k + 1
};

// `time` in days (>= 0); `cause` 0 for censored, 1..n_causes for an event of that cause.
// kInvalidArgument for negative times, unequal lengths or a cause above n_causes.
Result<CompetingRisks> EstimateCompetingRisks(std::span<const int32_t> time, std::span<const uint32_t> cause,
                                              uint32_t n_causes);

// ---------------------------------------------------------------------------------------------
// Time in role from a population.

struct TenureOptions {
  std::string role;   // only spells in this role (empty: every role)
  std::string track;  // only spells in roles of this track (empty: every track)
  std::optional<int32_t> as_of;  // days; default: LatestDate(population)
  bool by_destination = false;   // also the competing risks
  TransitionLevel level = TransitionLevel::kTrack;  // what a cause names
};

// The latest date in the population: the maximum of every start and every end that is not
// ongoing (0 for an empty population).
int32_t LatestDate(const Population& population);

// The role spells of the selection as arrays (one entry per spell, in person order).
struct RoleSpells {
  int32_t as_of = 0;
  std::vector<std::string> roles;   // every role, framework order (by track, then level)
  std::vector<std::string> causes;  // every possible cause at the level: roles or tracks in
                                    // framework order, destinations, then `outside`
  std::vector<uint32_t> person;     // index into the population's people
  std::vector<int32_t> time;        // days
  std::vector<uint8_t> status;      // 1 event, 0 censored
  std::vector<uint32_t> role;       // index into `roles`
  std::vector<uint32_t> cause;      // 0 when censored, else 1 + index into `causes`
};

// kInvalidArgument for an unknown role or track (the message lists the known ones), a role not
// in the given track, or a state in the population that the framework does not know.
Result<RoleSpells> ExtractRoleSpells(const Population& population, const Framework& framework,
                                     const TenureOptions& options = {});

// Median and quartiles of one role.
struct RoleTenure {
  std::string role;
  std::string track;
  int64_t n = 0;
  int64_t events = 0;
  std::array<SurvivalQuantile, 3> quartiles;
};

struct TenureResult {
  int32_t as_of = 0;   // days
  std::string role;    // the selection, as given
  std::string track;
  KaplanMeier survival;  // pooled over the selection
  // Without a role selected: each role of the selection with at least one spell, framework
  // order. Empty when a role is selected.
  std::vector<RoleTenure> by_role;
  // With by_destination: the causes with at least one event (framework order) and their
  // cumulative incidence; incidence.causes[k] belongs to causes[k].
  TransitionLevel level = TransitionLevel::kTrack;
  std::vector<std::string> causes;
  CompetingRisks incidence;
};

Result<TenureResult> ComputeTenure(const Population& population, const Framework& framework,
                                   const TenureOptions& options = {});

}  // namespace careergraph

#endif  // CAREERGRAPH_ANALYSIS_SURVIVAL_H_
