// `careergraph evaluate`: how good are the next-move predictions? Holds out a share of people,
// fits the model on the others and scores four predictors on the held-out moves
// (plan/evaluate.h): as a table (the split, the scores, what the prior and the duration add, the
// model's calibration), one JSON object, or the scores as CSV.
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "careergraph/plan/evaluate.h"
#include "cli/commands.h"

namespace careergraph::cli {
namespace {

using Json = nlohmann::ordered_json;

struct EvaluateOpts {
  double holdout = 0.2, prior = 1, min_group = 30;
  uint64_t seed = 1;
  bool no_duration = false;
  std::string by, as_of;
};

std::string DateText(int32_t days) { return Date{days, DatePrecision::kDay}.ToString(); }

std::string Percent(double share) { return fmt::format("{:.1f} %", 100 * share); }

// A signed difference with an explicit +, so "what it adds" reads at a glance.
std::string Signed(double v, int decimals) { return fmt::format("{:+.{}f}", v, decimals); }

std::string ModelDescription(const EvaluateResult& r) {
  std::string s = fmt::format("prior {}, {}", r.model.prior, r.model.duration ? "duration bands" : "no duration");
  if (!r.model.by.empty()) s += fmt::format(", by {} (min group {})", r.model.by, r.model.min_group);
  return s;
}

Table ScoresTable(const EvaluateResult& r) {
  Table t;
  t.columns = {"predictor", "instances", "top1", "top3", "log_loss", "brier", "zero_probability"};
  for (const PredictorScore& s : r.scores) {
    t.AddRow({s.name, s.instances, s.top1, s.top3, s.log_loss, s.brier, s.zero_probability});
  }
  return t;
}

std::string RenderJson(const EvaluateResult& r) {
  Json j;
  j["as_of"] = DateText(r.as_of);
  j["holdout"] = r.holdout;
  j["seed"] = r.seed;
  j["model"] = {{"prior", r.model.prior},
                {"duration", r.model.duration},
                {"by", r.model.by.empty() ? Json(nullptr) : Json(r.model.by)},
                {"min_group", r.model.min_group}};
  j["split"] = {{"people_train", r.people_train},
                {"people_test", r.people_test},
                {"moves_train", r.moves_train},
                {"moves_test", r.moves_test},
                {"instances", r.instances}};
  j["log_loss_floor"] = kLogLossFloor;
  Json scores = Json::array();
  for (const PredictorScore& s : r.scores) {
    scores.push_back({{"predictor", s.name},
                      {"instances", s.instances},
                      {"top1", s.top1},
                      {"top3", s.top3},
                      {"log_loss", s.log_loss},
                      {"brier", s.brier},
                      {"zero_probability", s.zero_probability}});
  }
  j["scores"] = scores;
  j["prior_adds"] = {{"log_loss", r.prior_adds.log_loss}, {"top1", r.prior_adds.top1}};
  j["duration_adds"] = {{"log_loss", r.duration_adds.log_loss}, {"top1", r.duration_adds.top1}};
  Json cal = Json::array();
  for (const CalibrationBin& b : r.calibration) {
    cal.push_back({{"lower", b.lower},
                   {"upper", b.upper},
                   {"n", b.n},
                   {"mean_predicted", b.n > 0 ? Json(b.mean_predicted) : Json(nullptr)},
                   {"observed", b.n > 0 ? Json(b.observed) : Json(nullptr)}});
  }
  j["calibration"] = cal;
  return j.dump(2) + "\n";
}

std::string GainLine(std::string_view what, const ScoreGain& g) {
  return fmt::format("{}: log loss {} (positive = lower loss), top-1 accuracy {} points\n", what,
                     Signed(g.log_loss, 4), Signed(100 * g.top1, 2));
}

std::string RenderText(const EvaluateResult& r) {
  std::string out = fmt::format(
      "Next-move predictions, as of {}: {} people trained on, {} held out (--holdout {}, --seed {}); model: {}\n"
      "Held out: {} moves (training: {}), {} predictions — one per year already spent in the role before each "
      "move\n\n",
      DateText(r.as_of), r.people_train, r.people_test, r.holdout, r.seed, ModelDescription(r), r.moves_test,
      r.moves_train, r.instances);
  Table s;
  s.title = fmt::format(
      "Scores (accuracy: higher is better; log loss and Brier: lower is better; log loss floors p(truth) at {:g})",
      kLogLossFloor);
  s.columns = {"predictor", "instances", "top1", "top3", "log_loss", "brier", "p(truth)=0"};
  for (const PredictorScore& p : r.scores) {
    s.AddRow({p.name, p.instances, Percent(p.top1), Percent(p.top3), fmt::format("{:.4f}", p.log_loss),
              fmt::format("{:.4f}", p.brier), p.zero_probability});
  }
  out += Render(s, Format::kTable);
  out += "\n";
  out += GainLine("What the framework prior adds (prior vs markov)", r.prior_adds);
  out += GainLine(r.model.by.empty() ? "What the duration adds (model vs prior)"
                                     : "What the duration and the groups add (model vs prior)",
                  r.duration_adds);
  Table c;
  c.title = "\nCalibration of the model: every (prediction, candidate next state) pair, by predicted probability";
  c.columns = {"predicted", "pairs", "mean_predicted", "observed"};
  for (const CalibrationBin& b : r.calibration) {
    const bool last = &b == &r.calibration.back();
    c.AddRow({fmt::format("[{:.1f}, {:.1f}{}", b.lower, b.upper, last ? "]" : ")"), b.n,
              b.n > 0 ? Cell(fmt::format("{:.4f}", b.mean_predicted)) : Cell(),
              b.n > 0 ? Cell(fmt::format("{:.4f}", b.observed)) : Cell()});
  }
  out += Render(c, Format::kTable);
  return out;
}

}  // namespace

void RegisterEvaluate(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<EvaluateOpts>();
  CLI::App* cmd = app.add_subcommand(
      "evaluate",
      "How good are the next-move predictions? Holds out a share of people, fits the model on the others and "
      "scores it (top-1/top-3 accuracy, log loss, Brier, calibration) against three simpler predictors");
  cmd->add_option("--holdout", o->holdout, "Share of people held out for testing, in (0, 1)")->capture_default_str();
  cmd->add_option("--seed", o->seed, "Seed of the split (a hash of seed and person id decides)")->capture_default_str();
  cmd->add_option("--prior", o->prior, "Framework prior of the model: pseudo-moves per listed move (typical: twice)")
      ->capture_default_str();
  cmd->add_flag("--no-duration", o->no_duration, "Fit the model without duration bands");
  cmd->add_option("--by", o->by, "Condition the model on this person attribute");
  cmd->add_option("--min-group", o->min_group, "With --by: shrinkage of a group toward the pooled role, in moves")
      ->capture_default_str();
  cmd->add_option("--as-of", o->as_of,
                  "Censor ongoing spells at this date, in fitting and testing (YYYY, YYYY-MM or YYYY-MM-DD; default: "
                  "the latest date in the data)");
  AddCommonOptions(cmd, &ctx, true);
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o]() -> Status {
      Result<Format> format = ctx.OutputFormat();
      if (!format) return format.error();
      Result<std::optional<int32_t>> as_of = DateFlag("--as-of", o->as_of);
      if (!as_of) return as_of.error();
      EvaluateOptions options;
      options.holdout = o->holdout;
      options.seed = o->seed;
      options.model.prior = o->prior;
      options.model.duration = !o->no_duration;
      options.model.by = o->by;
      options.model.min_group = o->min_group;
      options.model.as_of = *as_of;
      Result<AnalysisInput> in = OpenForAnalysis(ctx);
      if (!in) return in.error();
      Result<EvaluateResult> r = EvaluateModel(*in->population, in->session.framework, options);
      if (!r) return r.error();
      switch (*format) {
        case Format::kJson: return WriteOutput("", RenderJson(*r));
        case Format::kCsv: return WriteOutput("", Render(ScoresTable(*r), Format::kCsv));
        case Format::kTable: return WriteOutput("", RenderText(*r));
      }
      return Status::Ok();
    };
  });
}

}  // namespace careergraph::cli
