// `careergraph tenure`: time in role (analysis/survival.h) — the Kaplan–Meier curve of role
// spells with its quartiles and the number at risk, per-role medians, and with --by-destination
// the cumulative incidence of each place people leave for; as a table, JSON or CSV, and
// optionally the curves as SVG (render/curves.h).
#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "careergraph/analysis/survival.h"
#include "careergraph/render/curves.h"
#include "cli/commands.h"

namespace careergraph::cli {
namespace {

using Json = nlohmann::ordered_json;

struct TenureOpts {
  std::string role, track, as_of, svg, unit = "years", level = "track";
  bool by_destination = false;
};

// A number in the unit, or null when absent or not a number.
Json Num(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }
Json Num(const std::optional<double>& v, double per) { return v ? Num(*v / per) : Json(nullptr); }
Cell NumCell(double v) { return std::isfinite(v) ? Cell(v) : Cell(); }
Cell NumCell(const std::optional<double>& v, double per) { return v ? Cell(*v / per) : Cell(); }

Json QuantilesJson(const std::array<SurvivalQuantile, 3>& q, double per) {
  Json arr = Json::array();
  for (const SurvivalQuantile& s : q) {
    arr.push_back({{"percent", static_cast<int64_t>(s.percent)}, {"time", Num(s.time, per)}, {"lower", Num(s.lower, per)},
                   {"upper", Num(s.upper, per)}});
  }
  return arr;
}

std::string Selection(const TenureResult& r) {
  if (!r.role.empty()) return fmt::format("role {}", r.role);
  if (!r.track.empty()) return fmt::format("track {}", r.track);
  return "all roles";
}

std::string DateText(int32_t days) { return Date{days, DatePrecision::kDay}.ToString(); }

// Rows of the curve as summary(survfit) shows them: the times with events; `censored` counts
// those censored since the previous such row (R's n.censor there).
template <typename F>
void ForEventRows(const KaplanMeier& km, F&& f) {
  int64_t censored = 0;
  for (const SurvivalPoint& p : km.curve) {
    censored += p.censored;
    if (p.events == 0) continue;
    f(p, censored);
    censored = 0;
  }
}

std::string RenderJson(const TenureResult& r, TimeUnit unit, bool by_destination) {
  const double per = DaysPerUnit(unit);
  const KaplanMeier& km = r.survival;
  Json j;
  j["selection"] = {{"role", r.role.empty() ? Json(nullptr) : Json(r.role)},
                    {"track", r.track.empty() ? Json(nullptr) : Json(r.track)}};
  j["as_of"] = DateText(r.as_of);
  j["unit"] = TimeUnitName(unit);
  j["n"] = km.n;
  j["events"] = km.events;
  j["censored"] = km.n - km.events;
  j["median"] = Num(km.median().time, per);
  j["quantiles"] = QuantilesJson(km.quartiles, per);
  j["curve"] = Json::array();
  ForEventRows(km, [&](const SurvivalPoint& p, int64_t censored) {
    j["curve"].push_back({{"time", p.time / per}, {"at_risk", p.at_risk}, {"events", p.events},
                          {"censored", censored}, {"survival", p.survival}, {"std_err", Num(p.std_err)},
                          {"lower", Num(p.lower)}, {"upper", Num(p.upper)}});
  });
  j["at_risk"] = Json::array();
  for (double t : RegularTimes(km.last_time(), unit)) {
    const SurvivalAt a = KaplanMeierAt(km, t);
    j["at_risk"].push_back({{"time", t / per}, {"at_risk", a.at_risk}, {"survival", a.survival},
                            {"lower", Num(a.lower)}, {"upper", Num(a.upper)}});
  }
  if (r.role.empty()) {
    j["by_role"] = Json::array();
    for (const RoleTenure& rt : r.by_role) {
      j["by_role"].push_back({{"role", rt.role}, {"track", rt.track}, {"n", rt.n}, {"events", rt.events},
                              {"median", Num(rt.quartiles[1].time, per)},
                              {"quantiles", QuantilesJson(rt.quartiles, per)}});
    }
  }
  if (by_destination) {
    const CompetingRisks& cr = r.incidence;
    j["level"] = TransitionLevelName(r.level);
    j["causes"] = Json::array();
    for (size_t k = 0; k < r.causes.size(); ++k) {
      const IncidenceCurve& c = cr.causes[k];
      Json cj;
      cj["cause"] = r.causes[k];
      cj["events"] = c.events;
      cj["incidence"] = c.incidence.empty() ? 0.0 : c.incidence.back();
      cj["curve"] = Json::array();
      for (size_t t = 0; t < cr.time.size(); ++t) {
        if (cr.events_at[t] == 0) continue;
        cj["curve"].push_back({{"time", cr.time[t] / per}, {"at_risk", cr.at_risk[t]}, {"events", c.events_at[t]},
                               {"incidence", c.incidence[t]}, {"std_err", Num(c.std_err[t])},
                               {"lower", Num(c.lower[t])}, {"upper", Num(c.upper[t])}});
      }
      j["causes"].push_back(std::move(cj));
    }
  }
  return j.dump(2) + "\n";
}

std::string RenderCsv(const TenureResult& r, TimeUnit unit, bool by_destination) {
  const double per = DaysPerUnit(unit);
  Table t;
  if (by_destination) {
    const CompetingRisks& cr = r.incidence;
    t.columns = {"time", "cause", "at_risk", "events", "incidence", "std_err", "lower", "upper"};
    for (size_t i = 0; i < cr.time.size(); ++i) {
      if (cr.events_at[i] == 0) continue;
      for (size_t k = 0; k < r.causes.size(); ++k) {
        const IncidenceCurve& c = cr.causes[k];
        t.AddRow({cr.time[i] / per, r.causes[k], cr.at_risk[i], c.events_at[i], c.incidence[i],
                  NumCell(c.std_err[i]), NumCell(c.lower[i]), NumCell(c.upper[i])});
      }
    }
    return Render(t, Format::kCsv);
  }
  t.columns = {"time", "at_risk", "events", "censored", "survival", "std_err", "lower", "upper"};
  ForEventRows(r.survival, [&](const SurvivalPoint& p, int64_t censored) {
    t.AddRow({p.time / per, p.at_risk, p.events, censored, p.survival, NumCell(p.std_err), NumCell(p.lower),
              NumCell(p.upper)});
  });
  return Render(t, Format::kCsv);
}

std::string RenderText(const TenureResult& r, TimeUnit unit) {
  const double per = DaysPerUnit(unit);
  const KaplanMeier& km = r.survival;
  const std::string_view u = TimeUnitName(unit);
  std::string out = fmt::format(
      "Time in role, {}: {} spells, {} ended, {} censored at {} (still running then); times in {}\n\n", Selection(r),
      km.n, km.events, km.n - km.events, DateText(r.as_of), u);

  Table q;
  q.title = "When spells end (time by which 25 %, 50 % and 75 % have ended; 95 % intervals, empty = not reached)";
  q.columns = {"ended", "time", "lower", "upper"};
  const char* names[] = {"25 %", "50 % (median)", "75 %"};
  for (size_t i = 0; i < 3; ++i) {
    const SurvivalQuantile& s = km.quartiles[i];
    q.AddRow({std::string(names[i]), NumCell(s.time, per), NumCell(s.lower, per), NumCell(s.upper, per)});
  }
  out += Render(q, Format::kTable);

  const std::vector<double> times = RegularTimes(km.last_time(), unit);
  if (!r.causes.empty()) {
    const CompetingRisks& cr = r.incidence;
    Table c;
    c.title = fmt::format("\nWhere they go: cumulative incidence by {} (share of spells that have left for each)",
                          TransitionLevelName(r.level));
    c.columns = {std::string(u), "at_risk", "in_role"};
    for (const std::string& name : r.causes) c.columns.push_back(name);
    for (double t : times) {
      const SurvivalAt a = KaplanMeierAt(km, t);
      std::vector<Cell> row{t / per, a.at_risk, a.survival};
      // Last row at or before t.
      const size_t upto = static_cast<size_t>(
          std::upper_bound(cr.time.begin(), cr.time.end(), t,
                           [](double v, int32_t x) { return v < static_cast<double>(x); }) - cr.time.begin());
      for (size_t k = 0; k < r.causes.size(); ++k) row.push_back(upto == 0 ? 0.0 : cr.causes[k].incidence[upto - 1]);
      c.AddRow(std::move(row));
    }
    out += Render(c, Format::kTable);
    Table f;
    f.title = "\nBy destination (final cumulative incidence with its 95 % interval)";
    f.columns = {"to", "events", "share_of_exits", "incidence", "lower", "upper"};
    for (size_t k = 0; k < r.causes.size(); ++k) {
      const IncidenceCurve& ic = cr.causes[k];
      f.AddRow({r.causes[k], ic.events, static_cast<double>(ic.events) / static_cast<double>(cr.events),
                ic.incidence.back(), NumCell(ic.lower.back()), NumCell(ic.upper.back())});
    }
    out += Render(f, Format::kTable);
  } else {
    Table a;
    a.title = "\nStill in the role (Kaplan–Meier survival with its 95 % interval) and number at risk";
    a.columns = {std::string(u), "at_risk", "survival", "lower", "upper"};
    for (double t : times) {
      const SurvivalAt s = KaplanMeierAt(km, t);
      a.AddRow({t / per, s.at_risk, s.survival, NumCell(s.lower), NumCell(s.upper)});
    }
    out += Render(a, Format::kTable);
  }

  if (!r.by_role.empty()) {
    Table b;
    b.title = fmt::format("\nBy role (times in {}; median with its 95 % interval)", u);
    b.columns = {"track", "role", "spells", "ended", "q25", "median", "lower", "upper", "q75"};
    for (const RoleTenure& rt : r.by_role) {
      b.AddRow({rt.track, rt.role, rt.n, rt.events, NumCell(rt.quartiles[0].time, per),
                NumCell(rt.quartiles[1].time, per), NumCell(rt.quartiles[1].lower, per),
                NumCell(rt.quartiles[1].upper, per), NumCell(rt.quartiles[2].time, per)});
    }
    out += Render(b, Format::kTable);
  }
  return out;
}

}  // namespace

void RegisterTenure(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<TenureOpts>();
  CLI::App* cmd = app.add_subcommand(
      "tenure",
      "Time in role: Kaplan–Meier survival of role spells (ongoing ones censored at --as-of), median and "
      "quartiles with 95 % intervals, number at risk; --by-destination: where people go (competing risks)");
  cmd->add_option("--role", o->role, "Only spells in this role");
  cmd->add_option("--track", o->track, "Only spells in roles of this track");
  cmd->add_flag("--by-destination", o->by_destination,
                "Competing risks: the cumulative incidence of leaving for each next track/role or destination");
  cmd->add_option("--level", o->level, "With --by-destination: name causes by track or by role")
      ->capture_default_str()
      ->check(CLI::IsMember({"role", "track"}));
  cmd->add_option("--as-of", o->as_of,
                  "Censor ongoing spells at this date (YYYY, YYYY-MM or YYYY-MM-DD; default: the latest date in the data)");
  cmd->add_option("--unit", o->unit, "Report times in days, months or years")
      ->capture_default_str()
      ->check(CLI::IsMember({"days", "months", "years"}));
  cmd->add_option("--svg", o->svg, "Also draw the curves to this SVG file");
  AddCommonOptions(cmd, &ctx, true);
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o]() -> Status {
      Result<Format> format = ctx.OutputFormat();
      if (!format) return format.error();
      const std::optional<TimeUnit> unit = ParseTimeUnit(o->unit);
      if (!unit) return Status::Invalid(fmt::format("--unit '{}': expected days, months or years", o->unit));
      Result<std::optional<int32_t>> as_of = DateFlag("--as-of", o->as_of);
      if (!as_of) return as_of.error();
      TenureOptions options;
      options.role = o->role;
      options.track = o->track;
      options.as_of = *as_of;
      options.by_destination = o->by_destination;
      options.level = o->level == "role" ? TransitionLevel::kRole : TransitionLevel::kTrack;
      Result<AnalysisInput> in = OpenForAnalysis(ctx);
      if (!in) return in.error();
      Result<TenureResult> r = ComputeTenure(*in->population, in->session.framework, options);
      if (!r) return r.error();
      if (r->survival.n == 0) {
        return Status::Invalid(fmt::format("no role spells of {} start on or before {}", Selection(*r),
                                           DateText(r->as_of)));
      }
      if (!o->svg.empty()) {
        const std::string counts = fmt::format("{} spells, {} ended; as of {}", r->survival.n, r->survival.events,
                                               DateText(r->as_of));
        const std::string svg =
            o->by_destination
                ? IncidenceSvg(r->incidence, r->causes, *unit,
                               fmt::format("Where people go from {}, by {} ({})", Selection(*r),
                                           TransitionLevelName(r->level), counts))
                : SurvivalSvg(r->survival, *unit, fmt::format("Time in role: {} ({})", Selection(*r), counts));
        CG_RETURN_IF_ERROR(WriteOutput(o->svg, svg));
      }
      switch (*format) {
        case Format::kJson: return WriteOutput("", RenderJson(*r, *unit, o->by_destination));
        case Format::kCsv: return WriteOutput("", RenderCsv(*r, *unit, o->by_destination));
        case Format::kTable: return WriteOutput("", RenderText(*r, *unit));
      }
      return Status::Ok();
    };
  });
}

}  // namespace careergraph::cli
