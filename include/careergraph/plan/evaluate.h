// Evaluation of the mobility model (plan/model.h): how well does it predict where people go next?
// Thread-safety: pure functions of their inputs; safe to call concurrently.
//
// Protocol (docs/planning.md, "How good are the predictions?"): people — not spells — are split
// into a training set and a held-out set by a hash of (seed, person id), so the split does not
// depend on the population's order and a person's whole career is on one side. The models are
// fitted on the training people. Every held-out role spell that ended by the as-of date (in
// another role, a destination or `outside`) gives one prediction instance per year already spent
// in the role: at s = 0, 1, 2, ... years (365.25 days) while s < the spell's duration, "where will
// this person go next?"; the truth is where the spell went. Four predictors score the same
// instances:
//   most-frequent  the marginal distribution of next states over all training moves (ignores
//                  the current role);
//   markov         maximum-likelihood shares per role: FitModel with prior 0 and no duration;
//   prior          the framework prior on top: FitModel with the given prior, no duration;
//   model          the full model as the options say (prior, duration bands via
//                  ConditionalShares(role, s, true), the `by` group of the person).
// Scores: top-1 and top-3 accuracy, mean log loss (natural log, p floored at kLogLossFloor),
// multi-class Brier score, and how many instances gave the truth probability 0; a calibration
// table of the full model.
#ifndef CAREERGRAPH_PLAN_EVALUATE_H_
#define CAREERGRAPH_PLAN_EVALUATE_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "careergraph/base/status.h"
#include "careergraph/model/framework.h"
#include "careergraph/model/population.h"
#include "careergraph/plan/model.h"

namespace careergraph {

// The floor of p(truth) in the log loss: a truth the predictor gave probability 0 costs
// −ln(1e-6) ≈ 13.8 instead of infinity (those instances are also counted, `zero_probability`).
inline constexpr double kLogLossFloor = 1e-6;
inline constexpr size_t kCalibrationBins = 10;

struct EvaluateOptions {
  double holdout = 0.2;  // share of people held out, in (0, 1)
  uint64_t seed = 1;     // of the split
  ModelOptions model;    // of the full model; its as_of (default: the latest date) applies to all
};

// The split's draw for one person: SplitMix64(FNV-1a-64(id) XOR SplitMix64(seed)), its top 53
// bits as a number in [0, 1). A person is held out when the draw is below the holdout share.
double HoldoutDraw(std::string_view person_id, uint64_t seed);
// keep[p] = 1 for the training people, 0 for the held-out ones.
std::vector<uint8_t> TrainingPeople(const Population& population, double holdout, uint64_t seed);

struct PredictorScore {
  std::string name;  // most-frequent, markov, prior, model
  int64_t instances = 0;
  // Ranks: by predicted probability, ties broken by the order of `states` (framework order); a
  // truth predicted with p = 0 is a miss whatever its rank.
  double top1 = 0;      // share of instances whose truth ranks first
  double top3 = 0;      // ... among the first three
  double log_loss = 0;  // mean −ln max(p(truth), kLogLossFloor)
  double brier = 0;     // mean Σ_j (p_j − [j = truth])² over every state; in [0, 2]
  int64_t zero_probability = 0;  // instances with p(truth) = 0
};

// One bin of predicted probability, [lower, upper) (the last one includes 1).
struct CalibrationBin {
  double lower = 0, upper = 0;
  int64_t n = 0;              // (instance, candidate) pairs whose prediction falls here
  double mean_predicted = 0;  // their mean predicted probability (0 when n = 0)
  double observed = 0;        // the share of them that was the truth (0 when n = 0)
};

// What one predictor adds over another: positive numbers are improvements.
struct ScoreGain {
  double log_loss = 0;  // the other's log loss minus this one's
  double top1 = 0;      // this one's top-1 accuracy minus the other's
};

struct EvaluateResult {
  int32_t as_of = 0;  // days
  double holdout = 0;
  uint64_t seed = 0;
  ModelOptions model;
  int64_t people_train = 0, people_test = 0;
  int64_t moves_train = 0;  // ended role spells of the training people
  int64_t moves_test = 0;   // ... of the held-out people
  int64_t instances = 0;    // yearly snapshots of the held-out moves
  std::vector<std::string> states;  // every state a move can go to: roles (framework order),
                                    // destinations, outside — the candidate order of the tie rule
  std::array<PredictorScore, 4> scores;  // most-frequent, markov, prior, model
  ScoreGain prior_adds;     // prior over markov
  ScoreGain duration_adds;  // model over prior (the duration bands, and the `by` groups if any)
  // The full model over every (instance, candidate) pair, a candidate being any state other
  // than the current role (p = 0 included): kCalibrationBins equal-width bins.
  std::array<CalibrationBin, kCalibrationBins> calibration;
};

// kInvalidArgument for a holdout outside (0, 1), no held-out move (or none with time in role >
// 0) or no training move, and whatever FitModel refuses (an unknown `by` attribute, a negative
// prior or min_group).
Result<EvaluateResult> EvaluateModel(const Population& population, const Framework& framework,
                                     const EvaluateOptions& options = {});

}  // namespace careergraph

#endif  // CAREERGRAPH_PLAN_EVALUATE_H_
