// Planning commands (plan/model.h, plan/plan.h, plan/gaps.h): `model fit` and `model show`,
// `next` (likely next roles), `plan` (the most likely paths to a target role, and the
// absorbing-chain view). Each fits the model from the store unless --model names a fitted one.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "careergraph/base/file.h"
#include "careergraph/plan/gaps.h"
#include "careergraph/plan/model.h"
#include "careergraph/plan/plan.h"
#include "cli/commands.h"

namespace careergraph::cli {
namespace {

using Json = nlohmann::ordered_json;

// Flags that say which model: a fitted file, or how to fit one from the store.
struct ModelFlags {
  std::string model_file, as_of, by, unit = "years";
  double prior = 1, min_group = 30;
  bool no_duration = false;

  void Add(CLI::App* cmd, bool with_file) {
    if (with_file) {
      cmd->add_option("--model", model_file, "Use this fitted model (careergraph model fit --out) instead of fitting one");
    }
    cmd->add_option("--prior", prior, "Pseudo-moves per move the framework lists (typical: twice); 0 = data only")
        ->capture_default_str();
    cmd->add_flag("--no-duration", no_duration, "Leave out the duration bands (destinations independent of time in role)");
    cmd->add_option("--by", by, "Condition on this person attribute (thin groups fall back on the pooled role)");
    cmd->add_option("--min-group", min_group, "Shrinkage of an attribute group toward the pooled role, in moves")
        ->capture_default_str();
    cmd->add_option("--as-of", as_of, "Fit as of this date (default: the latest date in the data)");
    cmd->add_option("--unit", unit, "Unit of durations")->capture_default_str()->check(CLI::IsMember({"days", "months", "years"}));
  }

  Result<ModelOptions> Options() const {
    ModelOptions o;
    o.prior = prior;
    o.min_group = min_group;
    o.duration = !no_duration;
    o.by = by;
    Result<std::optional<int32_t>> d = DateFlag("--as-of", as_of);
    if (!d) return Error(d.error());
    o.as_of = *d;
    return o;
  }
};

// The model (fitted now, or read from --model) with the session and population it goes with.
struct Planning {
  AnalysisInput in;
  CareerModel model;
};

Result<Planning> OpenPlanning(const Context& ctx, const ModelFlags& flags) {
  Result<ModelOptions> options = flags.Options();
  if (!options) return Error(options.error());
  Result<AnalysisInput> in = OpenForAnalysis(ctx);
  if (!in) return Error(in.error());
  Planning p{std::move(*in), {}};
  if (!flags.model_file.empty()) {
    Result<std::string> text = ReadFile(flags.model_file);
    if (!text) return Error(text.error());
    Result<CareerModel> m = ModelFromJson(*text, flags.model_file, p.in.session.framework);
    if (!m) return Error(m.error());
    if (m->data.fingerprint != PopulationFingerprint(*p.in.population)) {
      fmt::print(stderr, "note: {} was fitted on other data than the store now holds ({} people then, {} now); "
                 "refit with careergraph model fit\n", flags.model_file, m->data.people, p.in.population->people());
    }
    p.model = std::move(*m);
    return p;
  }
  Result<CareerModel> m = FitModel(*p.in.population, p.in.session.framework, *options);
  if (!m) return Error(m.error());
  p.model = std::move(*m);
  return p;
}

Json Num(std::optional<double> v, double per = 1) {
  return v && std::isfinite(*v) ? Json(*v / per) : Json(nullptr);
}
// A probability as a percentage: one decimal, or two significant digits below 0.1 %.
std::string Pct(double p) {
  return p > 0 && p < 0.001 ? fmt::format("{:.2g}%", 100 * p) : fmt::format("{:.1f}%", 100 * p);
}
// A probability: a percentage in a text table (two decimals would round small ones to 0), the
// number itself in CSV.
Cell Prob(double p, Format format) {
  if (format != Format::kTable) return p;
  return Pct(p);
}
std::string Dur(std::optional<double> days, double per) {
  return days && std::isfinite(*days) ? fmt::format("{:.2f}", *days / per) : std::string("unknown");
}
std::string RoleName(const Framework& fw, std::string_view id) {
  if (const Role* r = fw.FindRole(id)) return r->name;
  if (const Destination* d = fw.FindDestination(id)) return d->name;
  return std::string(id);
}

// Where a person stands: current role, time in it so far, attribute group.
struct Standing {
  std::string person, role, group;
  double days_in_role = 0;
};

Result<Standing> PersonStanding(const Planning& p, const std::string& id) {
  const Population& pop = *p.in.population;
  auto it = std::find(pop.person_ids.begin(), pop.person_ids.end(), id);
  if (it == pop.person_ids.end()) {
    return Error(Status::NotFound(fmt::format("--person {}: no such person in {} (careergraph people list shows them)",
                                              id, p.in.session.store ? "the store" : "the data")));
  }
  const size_t person = static_cast<size_t>(it - pop.person_ids.begin());
  const int32_t as_of = p.model.data.as_of;
  // The spell covering as_of, and the start of the run of spells in its role.
  int64_t at = -1;
  for (uint32_t i = pop.spell_begin[person]; i < pop.spell_begin[person + 1]; ++i) {
    if (pop.start[i] <= as_of && (pop.end[i] == Population::kOngoing || pop.end[i] > as_of)) at = i;
  }
  if (at < 0) {
    return Error(Status::Invalid(fmt::format("--person {}: holds no role on {} (their career has ended or not begun); "
                                             "plan from a role with --role",
                                             id, Date{as_of, DatePrecision::kDay}.ToString())));
  }
  const std::string& state = pop.states.Get(pop.state[at]);
  if (!p.in.session.framework.FindRole(state)) {
    return Error(Status::Invalid(fmt::format("--person {}: is in '{}' (a destination: they have left the framework) on {}",
                                             id, state, Date{as_of, DatePrecision::kDay}.ToString())));
  }
  uint32_t first = static_cast<uint32_t>(at);
  while (first > pop.spell_begin[person] && pop.state[first - 1] == pop.state[at]) --first;
  Standing s;
  s.person = id;
  s.role = state;
  s.days_in_role = as_of - pop.start[first];
  if (!p.model.options.by.empty()) {
    for (size_t a = 0; a < pop.attribute_names.size(); ++a) {
      if (pop.attribute_names[a] == p.model.options.by && pop.attribute[a][person] != Interner::kNone) {
        s.group = pop.attribute_values.Get(pop.attribute[a][person]);
      }
    }
  }
  return s;
}

// A person's standing (PersonStanding), or a role's: `days_in_role` already spent, no group.
Result<Standing> StandingOf(const Planning& p, const std::string& person, const std::string& role, double days_in_role) {
  if (!person.empty()) return PersonStanding(p, person);
  Standing s;
  s.role = role;
  s.days_in_role = days_in_role;
  return s;
}

// The gap a move asks for: the person's readiness for the role (when assessed), or else what the
// role asks beyond the current one.
struct StepGap {
  std::optional<double> readiness;  // 0..100, with a person's assessments
  std::optional<double> gap;        // sum of the gaps (person) or of the raised levels (role diff)
};

class Gaps {
 public:
  Gaps(const Framework& fw, Store& store, const std::string& person, std::optional<int32_t> as_of)
      : fw_(fw), person_(person), as_of_(as_of) {
    if (!person.empty()) {
      Result<std::vector<Assessment>> a = store.GetAssessments(person);
      if (a) assessments_ = std::move(*a);
    }
  }
  bool assessed() const { return !assessments_.empty(); }
  StepGap For(const std::string& from, const std::string& to) const {
    StepGap g;
    if (!fw_.FindRole(to)) return g;
    if (!assessments_.empty()) {
      Result<GapReport> r = ComputeGaps(fw_, to, person_, assessments_, as_of_);
      if (r) {
        g.readiness = r->readiness;
        g.gap = r->gap;
      }
    } else if (fw_.FindRole(from)) {
      Result<RoleDiff> d = DiffRoles(fw_, from, to);
      if (d) g.gap = d->increase;
    }
    return g;
  }

 private:
  const Framework& fw_;
  std::string person_;
  std::optional<int32_t> as_of_;
  std::vector<Assessment> assessments_;
};

Json GapJson(const StepGap& g) {
  return {{"readiness", Num(g.readiness)}, {"gap", Num(g.gap)}};
}
Cell GapCell(const StepGap& g) { return g.gap ? Cell(fmt::format("{:g}", *g.gap)) : Cell(); }
Cell ReadinessCell(const StepGap& g) { return g.readiness ? Cell(fmt::format("{:.0f}", *g.readiness)) : Cell(); }

// --- model show -------------------------------------------------------------------------------

std::string ModelTable(const CareerModel& m, TimeUnit unit, Format format) {
  const double per = DaysPerUnit(unit), period = DaysPerUnit(m.options.period);
  Table roles;
  roles.title = fmt::format("Time in role ({}), per {} stay probability, expected time until an exit", TimeUnitName(unit),
                            TimeUnitName(m.options.period));
  roles.columns = {"role", "spells", "left", "mean", "median", "stay_per_period", "to_exit", "forbidden_moves"};
  Table moves;
  moves.title = "Where leavers go (p = share of leavers; prior = framework pseudo-moves)";
  moves.columns = {"from", "to", "kind", "listed", "observed", "prior", "p", "lower", "upper",
                   fmt::format("p_under_1y"), "p_1_to_3y", "p_3y_plus"};
  for (const ModelRole& r : m.roles) {
    roles.AddRow({r.id, r.spells, r.events, Dur(r.mean_days, per), Dur(r.quartiles[1].time, per),
                  Prob(StayProbability(r, period), format), Dur(r.expected_days_in_framework, per), r.forbidden});
    for (const ModelMove& mv : r.moves) {
      moves.AddRow({r.id, mv.to, std::string(MoveKindName(mv.kind)), mv.listed ? std::string(mv.typical ? "typical" : "yes") : "",
                    mv.observed, mv.prior, Prob(mv.probability, format), Prob(mv.lower, format), Prob(mv.upper, format),
                    Prob(mv.by_duration[0], format), Prob(mv.by_duration[1], format), Prob(mv.by_duration[2], format)});
    }
  }
  if (format == Format::kCsv) return Render(moves, format);
  std::string out = fmt::format(
      "Mobility model of framework {} {} — {} people, {} spells, {} moves, as of {} (data {})\n"
      "prior {} pseudo-moves per listed move (typical: twice), duration bands {}, {}\n\n",
      m.framework_id, m.framework_version, m.data.people, m.data.spells, m.data.moves,
      Date{m.data.as_of, DatePrecision::kDay}.ToString(), m.data.fingerprint, m.options.prior,
      m.options.duration ? "on" : "off",
      m.options.by.empty() ? std::string("no attribute groups")
                           : fmt::format("groups by {} ({} of them, min-group {})", m.options.by, m.groups.size(),
                                         m.options.min_group));
  return out + Render(roles, format) + "\n" + Render(moves, format);
}

// --- next -------------------------------------------------------------------------------------

std::string NextOutput(const NextResult& r, const Standing& who, const Framework& fw, const Gaps& gaps, TimeUnit unit,
                       Format format) {
  const double per = DaysPerUnit(unit);
  Table t;
  t.columns = {"to", "name", "kind", "probability", "lower", "upper", "observed", "median_" + std::string(TimeUnitName(unit)) + "_at_move",
               "readiness", "gap"};
  Json moves = Json::array();
  for (const NextMove& m : r.moves) {
    const StepGap g = gaps.For(r.role, m.to);
    t.AddRow({m.to, RoleName(fw, m.to), std::string(MoveKindName(m.kind)), Prob(m.probability, format),
              Prob(m.lower, format), Prob(m.upper, format), m.observed,
              m.observed > 0 ? Cell(m.median_days_at_move / per) : Cell(), ReadinessCell(g), GapCell(g)});
    moves.push_back({{"to", m.to}, {"kind", std::string(MoveKindName(m.kind))}, {"listed", m.listed},
                     {"typical", m.typical}, {"probability", m.probability}, {"lower", m.lower}, {"upper", m.upper},
                     {"observed", m.observed},
                     {"median_at_move", m.observed > 0 ? Json(m.median_days_at_move / per) : Json(nullptr)},
                     {"gap", GapJson(g)}});
  }
  if (format == Format::kCsv) return Render(t, format);
  if (format == Format::kJson) {
    Json j;
    j["person"] = who.person.empty() ? Json(nullptr) : Json(who.person);
    j["role"] = r.role;
    j["group"] = r.group.empty() ? Json(nullptr) : Json(r.group);
    j["unit"] = TimeUnitName(unit);
    j["time_in_role"] = r.days_in_role / per;
    j["spells"] = r.spells;
    j["left"] = r.events;
    j["mean_time_in_role"] = Num(r.mean_days, per);
    j["median_time_to_move"] = Num(r.median_days_to_move, per);
    j["leave_within_period"] = r.leave_within_period;
    j["period"] = r.period_days / per;
    j["moves"] = moves;
    return j.dump(2) + "\n";
  }
  std::string head = fmt::format("Next moves from {} ({}){}{}\n", r.role, RoleName(fw, r.role),
                                 who.person.empty() ? "" : fmt::format(" for {}", who.person),
                                 r.group.empty() ? "" : fmt::format(", group {}", r.group));
  // "within 1 year", "within 12 months": the unit's name loses its plural for one.
  std::string period_unit(TimeUnitName(unit));
  if (r.period_days / per == 1) period_unit.pop_back();
  head += fmt::format("{:.2f} {} in the role so far; median time until the next move: {} {}; P(leave within {:g} {}) "
                      "= {}; mean time in role {} {} ({} spells, {} left)\n",
                      r.days_in_role / per, TimeUnitName(unit), Dur(r.median_days_to_move, per), TimeUnitName(unit),
                      r.period_days / per, period_unit, Pct(r.leave_within_period), Dur(r.mean_days, per),
                      TimeUnitName(unit), r.spells, r.events);
  head += gaps.assessed() ? "readiness: the person's readiness for the role (0-100); gap: the sum of their competency gaps\n"
                          : "gap: what the role asks beyond the current one (sum of the raised competency levels)\n";
  return head + "\n" + Render(t, format);
}

// --- plan -------------------------------------------------------------------------------------

std::string PlanOutput(const PlanResult& r, const Standing& who, const Framework& fw, const Gaps& gaps, TimeUnit unit,
                       Format format) {
  const double per = DaysPerUnit(unit);
  Table t;
  t.columns = {"path", "step", "from", "to", "kind", "probability", "expected_" + std::string(TimeUnitName(unit)),
               "readiness", "gap"};
  Json paths = Json::array();
  for (size_t i = 0; i < r.paths.size(); ++i) {
    const PlanPath& p = r.paths[i];
    Json steps = Json::array();
    for (size_t s = 0; s < p.steps.size(); ++s) {
      const PlanStep& st = p.steps[s];
      const StepGap g = gaps.For(st.from, st.to);
      t.AddRow({static_cast<int64_t>(i + 1), static_cast<int64_t>(s + 1), st.from, st.to,
                std::string(MoveKindName(st.kind)), Prob(st.probability, format),
                st.expected_days ? Cell(*st.expected_days / per) : Cell(), ReadinessCell(g), GapCell(g)});
      steps.push_back({{"from", st.from}, {"to", st.to}, {"kind", std::string(MoveKindName(st.kind))},
                       {"probability", st.probability}, {"expected_time", Num(st.expected_days, per)},
                       {"gap", GapJson(g)}});
    }
    std::vector<std::string> roles{p.steps.front().from};
    for (const PlanStep& st : p.steps) roles.push_back(st.to);
    paths.push_back({{"rank", i + 1}, {"roles", roles}, {"probability", p.probability},
                     {"expected_time", Num(p.expected_days, per)}, {"steps", steps}});
  }
  if (format == Format::kCsv) return Render(t, format);
  if (format == Format::kJson) {
    Json j;
    j["person"] = who.person.empty() ? Json(nullptr) : Json(who.person);
    j["from"] = r.from;
    j["to"] = r.to;
    j["unit"] = TimeUnitName(unit);
    j["reach_probability"] = r.reach_probability;
    j["expected_time_to_reach"] = Num(r.expected_days_to_reach, per);
    j["paths"] = paths;
    return j.dump(2) + "\n";
  }
  std::string out = fmt::format("Plan from {} ({}) to {} ({}){}\n", r.from, RoleName(fw, r.from), r.to, RoleName(fw, r.to),
                                who.person.empty() ? "" : fmt::format(" for {}", who.person));
  out += fmt::format("P(ever holding {} before leaving the framework) = {}; expected time to get there, when they do: {} {}\n\n",
                     r.to, Pct(r.reach_probability), Dur(r.expected_days_to_reach, per), TimeUnitName(unit));
  for (size_t i = 0; i < r.paths.size(); ++i) {
    const PlanPath& p = r.paths[i];
    std::string chain = p.steps.front().from;
    for (const PlanStep& st : p.steps) chain += " → " + st.to;
    out += fmt::format("#{}  p = {}  expected {} {}:  {}\n", i + 1, Pct(p.probability), Dur(p.expected_days, per),
                       TimeUnitName(unit), chain);
  }
  return out + "\n" + Render(t, format);
}

void RegisterModel(CLI::App& app, Context& ctx) {
  CLI::App* model = app.add_subcommand("model", "The mobility model learned from the data: `model fit`, `model show`");
  model->require_subcommand(1);
  {
    struct Opts {
      ModelFlags flags;
      std::string out;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* cmd = model->add_subcommand(
        "fit", "Fit the semi-Markov mobility model (time in role, where leavers go, framework prior) and write it as JSON");
    cmd->add_option("--out", o->out, "Write the model here (atomically) instead of to stdout");
    o->flags.Add(cmd, false);
    AddCommonOptions(cmd, &ctx, false);
    cmd->callback([&ctx, o] {
      ctx.run = [&ctx, o]() -> Status {
        Result<Planning> p = OpenPlanning(ctx, o->flags);
        if (!p) return p.error();
        Status s = WriteOutput(o->out, ModelToJson(p->model));
        if (!s.ok()) return s;
        if (!o->out.empty()) {
          fmt::print(stderr, "wrote {}: {} roles, {} moves from {} people\n", o->out, p->model.roles.size(),
                     p->model.data.moves, p->model.data.people);
        }
        return Status::Ok();
      };
    });
  }
  {
    auto o = std::make_shared<ModelFlags>();
    CLI::App* cmd = model->add_subcommand("show", "Show a model: per role the time in role and where leavers go");
    o->Add(cmd, true);
    AddCommonOptions(cmd, &ctx, true);
    cmd->callback([&ctx, o] {
      ctx.run = [&ctx, o]() -> Status {
        Result<Format> format = ctx.OutputFormat();
        if (!format) return format.error();
        Result<Planning> p = OpenPlanning(ctx, *o);
        if (!p) return p.error();
        if (*format == Format::kJson) return WriteOutput("", ModelToJson(p->model));
        return WriteOutput("", ModelTable(p->model, *ParseTimeUnit(o->unit), *format));
      };
    });
  }
}

void RegisterNext(CLI::App& app, Context& ctx) {
  struct Opts {
    ModelFlags flags;
    std::string person, role;
    double in_role = 0;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "next", "Likely next roles for a person (given their time in role so far) or from a role, with intervals, time "
              "until the move and the competency gap of each");
  cmd->add_option("--person", o->person, "A person: their current role, time in it, attribute group and assessments");
  cmd->add_option("--role", o->role, "A role instead of a person");
  cmd->add_option("--time-in-role", o->in_role, "With --role: time already spent in it, in --unit (default 0)");
  o->flags.Add(cmd, true);
  AddCommonOptions(cmd, &ctx, true);
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o]() -> Status {
      if (o->person.empty() == o->role.empty()) return Status::Invalid("next: give --person ID or --role ROLE (one of them)");
      if (!(o->in_role >= 0) || !std::isfinite(o->in_role)) return Status::Invalid("--time-in-role: expected a finite duration >= 0");
      Result<Format> format = ctx.OutputFormat();
      if (!format) return format.error();
      Result<Planning> p = OpenPlanning(ctx, o->flags);
      if (!p) return p.error();
      const TimeUnit unit = *ParseTimeUnit(o->flags.unit);
      Result<Standing> who = StandingOf(*p, o->person, o->role, o->in_role * DaysPerUnit(unit));
      if (!who) return who.error();
      Result<NextResult> r = NextMoves(p->model, who->role, who->days_in_role, who->group);
      if (!r) return r.error();
      const Gaps gaps(p->in.session.framework, *p->in.session.store, who->person, p->model.data.as_of);
      return WriteOutput("", NextOutput(*r, *who, p->in.session.framework, gaps, unit, *format));
    };
  });
}

void RegisterPlan(CLI::App& app, Context& ctx) {
  struct Opts {
    ModelFlags flags;
    std::string person, role, to;
    int64_t k = 5;
    std::optional<int64_t> max_steps;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "plan", "The k most likely paths from a person's (or a role's) position to a target role, with time and gaps per "
              "step, and the probability of ever getting there and the expected time");
  cmd->add_option("--person", o->person, "Plan from this person's current role (their group and assessments count)");
  cmd->add_option("--role", o->role, "Plan from this role instead");
  cmd->add_option("--to", o->to, "The target role")->required();
  cmd->add_option("--k", o->k, "How many paths")->capture_default_str();
  cmd->add_option("--max-steps", o->max_steps, "Only paths of at most this many moves (default: any)");
  o->flags.Add(cmd, true);
  AddCommonOptions(cmd, &ctx, true);
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o]() -> Status {
      if (o->person.empty() == o->role.empty()) return Status::Invalid("plan: give --person ID or --role ROLE (one of them)");
      if (o->k < 1) return Status::Invalid(fmt::format("--k: expected at least 1 path, got {}", o->k));
      if (o->max_steps && *o->max_steps < 1) {
        return Status::Invalid(fmt::format("--max-steps: expected at least 1 move, got {}", *o->max_steps));
      }
      Result<Format> format = ctx.OutputFormat();
      if (!format) return format.error();
      Result<Planning> p = OpenPlanning(ctx, o->flags);
      if (!p) return p.error();
      Result<Standing> who = StandingOf(*p, o->person, o->role, 0);
      if (!who) return who.error();
      PlanOptions options;
      options.k = static_cast<size_t>(o->k);
      if (o->max_steps) options.max_steps = static_cast<size_t>(*o->max_steps);
      options.group = who->group;
      Result<PlanResult> r = PlanPaths(p->model, p->in.session.framework, who->role, o->to, options);
      if (!r) return r.error();
      if (r->unreachable != Unreachable::kNo) {
        return Status::Invalid(fmt::format("plan: {} is unreachable from {}: {}", o->to, who->role, r->why));
      }
      const Gaps gaps(p->in.session.framework, *p->in.session.store, who->person, p->model.data.as_of);
      return WriteOutput("", PlanOutput(*r, *who, p->in.session.framework, gaps, *ParseTimeUnit(o->flags.unit), *format));
    };
  });
}

}  // namespace

void RegisterPlanning(CLI::App& app, Context& ctx) {
  RegisterModel(app, ctx);
  RegisterNext(app, ctx);
  RegisterPlan(app, ctx);
}

}  // namespace careergraph::cli
