#include "careergraph/plan/evaluate.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "careergraph/analysis/survival.h"
#include "careergraph/base/string_map.h"

namespace careergraph {
namespace {

// SplitMix64's finaliser (Steele, Lea & Flood, "Fast splittable pseudorandom number generators",
// OOPSLA 2014): a bijection that spreads nearby inputs over all 64 bits.
uint64_t SplitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

uint64_t Fnv1a64(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Running sums of one predictor's scores.
struct Accumulator {
  int64_t n = 0, top1 = 0, top3 = 0, zero = 0;
  double log_loss = 0, brier = 0;

  // `p` over every state; `truth` an index into it. The truth's rank counts the states predicted
  // more likely, and the equally likely ones earlier in framework order (the tie rule); a truth
  // predicted with p = 0 is a miss whatever its rank.
  void Add(const std::vector<double>& p, size_t truth) {
    ++n;
    const double pt = p[truth];
    size_t rank = 0;
    double sq = 0;
    for (size_t j = 0; j < p.size(); ++j) {
      if (p[j] > pt || (p[j] == pt && j < truth)) ++rank;
      const double d = p[j] - (j == truth ? 1.0 : 0.0);
      sq += d * d;
    }
    if (pt > 0 && rank < 1) ++top1;
    if (pt > 0 && rank < 3) ++top3;
    if (pt <= 0) ++zero;
    log_loss -= std::log(std::max(pt, kLogLossFloor));
    brier += sq;
  }

  PredictorScore Score(std::string name) const {
    PredictorScore s;
    s.name = std::move(name);
    s.instances = n;
    const double d = n > 0 ? static_cast<double>(n) : 1.0;
    s.top1 = static_cast<double>(top1) / d;
    s.top3 = static_cast<double>(top3) / d;
    s.log_loss = log_loss / d;
    s.brier = brier / d;
    s.zero_probability = zero;
    return s;
  }
};

// A role's shares (aligned with role.moves) spread over every state.
void Scatter(const ModelRole& role, const std::vector<double>& shares, const StringMap<size_t>& state_index,
             std::vector<double>* p) {
  std::fill(p->begin(), p->end(), 0.0);
  for (size_t m = 0; m < role.moves.size(); ++m) {
    auto it = state_index.find(role.moves[m].to);
    if (it != state_index.end()) (*p)[it->second] = shares[m];
  }
}

// The per-role shares of a model without duration bands, over every state (all zero for a role
// the model has no moves for).
std::vector<std::vector<double>> FixedShares(const CareerModel& model, const std::vector<std::string>& roles,
                                             const StringMap<size_t>& state_index, size_t n_states) {
  std::vector<std::vector<double>> out(roles.size(), std::vector<double>(n_states, 0.0));
  for (size_t r = 0; r < roles.size(); ++r) {
    const ModelRole* role = model.FindRole(roles[r]);
    if (role) Scatter(*role, ConditionalShares(*role, 0, false), state_index, &out[r]);
  }
  return out;
}

ScoreGain Gain(const PredictorScore& base, const PredictorScore& with) {
  return ScoreGain{base.log_loss - with.log_loss, with.top1 - base.top1};
}

}  // namespace

double HoldoutDraw(std::string_view person_id, uint64_t seed) {
  // The top 53 bits fill a double's mantissa exactly: a draw in [0, 1) with no rounding.
  return static_cast<double>(SplitMix64(Fnv1a64(person_id) ^ SplitMix64(seed)) >> 11) * 0x1.0p-53;
}

std::vector<uint8_t> TrainingPeople(const Population& pop, double holdout, uint64_t seed) {
  std::vector<uint8_t> keep(pop.people());
  for (size_t p = 0; p < pop.people(); ++p) keep[p] = HoldoutDraw(pop.person_ids[p], seed) < holdout ? 0 : 1;
  return keep;
}

Result<EvaluateResult> EvaluateModel(const Population& pop, const Framework& fw, const EvaluateOptions& options) {
  if (!(options.holdout > 0 && options.holdout < 1)) {
    return Error(Status::Invalid(fmt::format(
        "--holdout: expected the share of people to hold out, a number in (0, 1), got {}", options.holdout)));
  }
  EvaluateResult result;
  result.holdout = options.holdout;
  result.seed = options.seed;
  result.model = options.model;
  // One as-of date for the split's spells and every fit, so a spell censored in the model's
  // eyes is never scored as a move (the training people alone may end earlier).
  result.as_of = options.model.as_of ? *options.model.as_of : LatestDate(pop);
  result.model.as_of = result.as_of;

  const std::vector<uint8_t> keep = TrainingPeople(pop, options.holdout, options.seed);
  for (uint8_t k : keep) (k ? result.people_train : result.people_test) += 1;
  const Population train = SelectPeople(pop, keep);

  ModelOptions markov_options = result.model, prior_options = result.model;
  markov_options.prior = 0;
  markov_options.duration = false;
  markov_options.by.clear();
  prior_options.duration = false;
  prior_options.by.clear();
  Result<CareerModel> full = FitModel(train, fw, result.model);
  if (!full) return Error(full.error());
  Result<CareerModel> markov = FitModel(train, fw, markov_options);
  if (!markov) return Error(markov.error());
  Result<CareerModel> prior = FitModel(train, fw, prior_options);
  if (!prior) return Error(prior.error());

  TenureOptions to;
  to.as_of = result.as_of;
  to.level = TransitionLevel::kRole;
  Result<RoleSpells> rs = ExtractRoleSpells(pop, fw, to);
  if (!rs) return Error(rs.error());
  result.states = rs->causes;
  const size_t n_states = result.states.size();
  StringMap<size_t> state_index;
  for (size_t k = 0; k < n_states; ++k) state_index.emplace(result.states[k], k);
  std::vector<size_t> role_state(rs->roles.size());
  for (size_t r = 0; r < rs->roles.size(); ++r) role_state[r] = state_index.find(rs->roles[r])->second;

  // The marginal of next states over the training moves.
  std::vector<double> marginal(n_states, 0.0);
  for (size_t i = 0; i < rs->time.size(); ++i) {
    if (!rs->status[i]) continue;
    if (keep[rs->person[i]]) {
      ++result.moves_train;
      marginal[rs->cause[i] - 1] += 1;
    } else {
      ++result.moves_test;
    }
  }
  if (result.moves_test == 0) {
    return Error(Status::Invalid(fmt::format(
        "--holdout {} (seed {}): the {} held-out people made no move by {}; nothing to predict — hold out more "
        "people or try another --seed",
        options.holdout, options.seed, result.people_test, Date{result.as_of, DatePrecision::kDay}.ToString())));
  }
  if (result.moves_train == 0) {
    return Error(Status::Invalid(fmt::format(
        "--holdout {} (seed {}): the {} training people made no move by {}; nothing to learn from — hold out fewer "
        "people",
        options.holdout, options.seed, result.people_train, Date{result.as_of, DatePrecision::kDay}.ToString())));
  }
  for (double& m : marginal) m /= static_cast<double>(result.moves_train);

  const std::vector<std::vector<double>> markov_p = FixedShares(*markov, rs->roles, state_index, n_states);
  const std::vector<std::vector<double>> prior_p = FixedShares(*prior, rs->roles, state_index, n_states);
  std::optional<size_t> by_column;
  if (!options.model.by.empty()) {
    by_column = static_cast<size_t>(
        std::find(pop.attribute_names.begin(), pop.attribute_names.end(), options.model.by) -
        pop.attribute_names.begin());  // FitModel has checked that it is there
  }

  std::array<Accumulator, 4> acc;
  std::array<int64_t, kCalibrationBins> cal_n{};
  std::array<double, kCalibrationBins> cal_p{}, cal_hit{};
  std::vector<double> model_p(n_states);
  // The held-out spells by person id (each person's in career order), so the sums — and the
  // output, to the last digit — do not depend on the order the population lists people in.
  std::vector<size_t> order;
  for (size_t i = 0; i < rs->time.size(); ++i) {
    if (rs->status[i] && !keep[rs->person[i]]) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    return pop.person_ids[rs->person[x]] < pop.person_ids[rs->person[y]];
  });
  for (size_t i : order) {
    const uint32_t r = rs->role[i];
    const size_t truth = rs->cause[i] - 1;
    // A person whose group the training people lack (or who has no value) gets the pooled role.
    std::string_view group;
    if (by_column) {
      const uint32_t v = pop.attribute[*by_column][rs->person[i]];
      if (v != Interner::kNone) group = pop.attribute_values.Get(v);
    }
    const ModelRole* role = full->FindRole(rs->roles[r], group);
    for (int y = 0; static_cast<double>(y) * 365.25 < static_cast<double>(rs->time[i]); ++y) {
      const double s = static_cast<double>(y) * 365.25;
      if (role) {
        Scatter(*role, ConditionalShares(*role, s, options.model.duration), state_index, &model_p);
      } else {
        std::fill(model_p.begin(), model_p.end(), 0.0);
      }
      acc[0].Add(marginal, truth);
      acc[1].Add(markov_p[r], truth);
      acc[2].Add(prior_p[r], truth);
      acc[3].Add(model_p, truth);
      ++result.instances;
      for (size_t j = 0; j < n_states; ++j) {
        if (j == role_state[r]) continue;  // staying is not a move: never a candidate
        const size_t b = std::min(kCalibrationBins - 1, static_cast<size_t>(model_p[j] * kCalibrationBins));
        ++cal_n[b];
        cal_p[b] += model_p[j];
        cal_hit[b] += j == truth ? 1.0 : 0.0;
      }
    }
  }
  if (result.instances == 0) {
    return Error(Status::Invalid(fmt::format(
        "--holdout {} (seed {}): the {} held-out moves all left their role the day they entered it; nothing to predict",
        options.holdout, options.seed, result.moves_test)));
  }

  const char* names[] = {"most-frequent", "markov", "prior", "model"};
  for (size_t k = 0; k < acc.size(); ++k) result.scores[k] = acc[k].Score(names[k]);
  result.prior_adds = Gain(result.scores[1], result.scores[2]);
  result.duration_adds = Gain(result.scores[2], result.scores[3]);
  for (size_t b = 0; b < kCalibrationBins; ++b) {
    CalibrationBin& bin = result.calibration[b];
    bin.lower = static_cast<double>(b) / kCalibrationBins;
    bin.upper = static_cast<double>(b + 1) / kCalibrationBins;
    bin.n = cal_n[b];
    if (cal_n[b] > 0) {
      bin.mean_predicted = cal_p[b] / static_cast<double>(cal_n[b]);
      bin.observed = cal_hit[b] / static_cast<double>(cal_n[b]);
    }
  }
  return result;
}

}  // namespace careergraph
