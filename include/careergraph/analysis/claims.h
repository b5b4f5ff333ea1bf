// Claims: the framework's statements about how careers move (model/framework.h, `[[claim]]`),
// each tested against the loaded population — the statistic, its 95 % interval where it has
// one, and a plain verdict. This is how the report answers the seed's questions from data.
// Thread-safety: pure functions of their inputs; safe to call concurrently.
//
// Verdicts (docs/analysis.md, "The seed's questions"): a share claim is *supported* when its
// Wilson 95 % interval lies wholly on the claimed side of its threshold, *not supported* when it
// lies wholly on the other side, and *not enough data* when the interval straddles it or fewer
// than `min_n` observations bear on the claim. Claims about presence (every level, every role)
// are decided by counts once `min_n` observations exist.
#ifndef CAREERGRAPH_ANALYSIS_CLAIMS_H_
#define CAREERGRAPH_ANALYSIS_CLAIMS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "careergraph/analysis/transitions.h"
#include "careergraph/base/status.h"
#include "careergraph/model/framework.h"
#include "careergraph/model/population.h"

namespace careergraph {

enum class Verdict : uint8_t { kSupported, kNotSupported, kNotEnoughData };
std::string_view VerdictName(Verdict v);  // "supported", "not supported", "not enough data"

struct Interval {
  double lower = 0;
  double upper = 0;
};

// The Wilson score interval for `successes` of `n` at the normal quantile `z` (default: 95 %),
// as R's prop.test(x, n, correct = FALSE)$conf.int. n = 0 gives [0, 1].
// Counts may be fractional (pseudo-counts of a prior added to observed ones).
Interval WilsonInterval(double successes, double n, double z = 1.959963984540054);

// One labelled count behind a statistic (e.g. crossings from one level).
struct ClaimDetail {
  std::string label;
  int64_t count = 0;
  int64_t of = 0;  // the count's base, when it is a share (else 0)
};

struct ClaimResult {
  std::string id;
  std::string statement;
  ClaimKind kind = ClaimKind::kEnterAndLeaveAnywhere;
  Verdict verdict = Verdict::kNotEnoughData;
  std::string statistic;  // what `value` measures, in words
  double value = 0;       // a share, or a count for presence and track-count claims
  std::optional<Interval> interval;  // 95 % Wilson interval of a share
  std::optional<double> threshold;   // at_least / at_most, as the claim states it
  bool at_most = false;
  int64_t successes = 0;  // value = successes / n for shares
  int64_t n = 0;          // observations bearing on the claim
  std::string reason;     // why this verdict, one sentence with the numbers
  std::vector<ClaimDetail> details;
};

// What a track-count claim needs from track discovery: the groups found among `roles` (from
// observed moves between them alone) and the moves that informed it.
struct TrackEvidence {
  int groups = 0;
  int64_t moves = 0;
  double modularity = 0;
  std::vector<std::vector<std::string>> members;  // roles of each group, in its order
};
using TrackDiscoverer = std::function<Result<TrackEvidence>(const std::vector<std::string>& roles)>;

struct ClaimInputs {
  // Role-level moves of the whole population (ComputeTransitions, level role, no filters).
  const TransitionTable* role_moves = nullptr;
  // For track-count claims; without it they are "not enough data".
  TrackDiscoverer discover;
};

// Evaluates every claim of `framework` in order. kInvalidArgument when `inputs.role_moves` is
// missing or not at role level.
Result<std::vector<ClaimResult>> EvaluateClaims(const Population& population, const Framework& framework,
                                                const ClaimInputs& inputs);

}  // namespace careergraph

#endif  // CAREERGRAPH_ANALYSIS_CLAIMS_H_
