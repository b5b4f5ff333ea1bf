// `careergraph gaps` and `careergraph readiness` (plan/gaps.h): a person's competency gaps and
// readiness for a role, what one role asks beyond another, and who is closest to a role. The
// formulas are in docs/planning.md, "Gaps and readiness".
#include <algorithm>
#include <charconv>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "careergraph/analysis/survival.h"  // LatestDate
#include "careergraph/plan/gaps.h"
#include "cli/commands.h"

namespace careergraph::cli {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kFormula =
    "readiness = 100 × Σ weight × credit / Σ weight; credit = 1 when assessed ≥ required, else "
    "(assessed − min) / (required − min), 0 when not assessed; weight = required − min + 1 (docs/planning.md)";

std::string DateText(int32_t days) { return Date{days, DatePrecision::kDay}.ToString(); }
std::string Level(double v) { return fmt::format("{:g}", v); }
std::string Percent(double v) { return fmt::format("{:.2f}", v); }  // as a text table shows numbers

// "Design (track technical, level 4)"
std::string RoleText(const Framework& fw, const std::string& id) {
  const Role* r = fw.FindRole(id);
  return fmt::format("{} ({}: track {}, level {})", id, r->name, r->track, r->level);
}

std::string AsOfText(const std::optional<int32_t>& as_of) {
  return as_of ? fmt::format("the latest assessment of each competency on or before {}", DateText(*as_of))
               : std::string("the latest assessment of each competency");
}

Json OptionalDate(const std::optional<int32_t>& days) { return days ? Json(DateText(*days)) : Json(nullptr); }

// --- gaps --person ----------------------------------------------------------------------------

// The per-competency table; for reading (`text`), the source column flags what is not assessed.
Table CompetencyTable(const GapReport& r, bool text) {
  Table t;
  t.columns = {"competency", "group", "required", "assessed", "assessed_on", "source", "gap", "credit", "weight"};
  for (const CompetencyGap& g : r.competencies) {
    t.AddRow({g.competency, g.group, int64_t{g.required}, g.assessed ? Cell(*g.assessed) : Cell(),
              g.assessed_on ? Cell(g.assessed_on->ToString()) : Cell(),
              g.assessed ? Cell(g.source) : text ? Cell(std::string("not assessed")) : Cell(), g.gap, g.credit,
              g.weight});
  }
  return t;
}

std::string GapsText(const GapReport& r, const Framework& fw, const std::optional<int32_t>& as_of, bool any_counts) {
  std::string out = fmt::format("Gaps of person {} for {}\nAssessments: {}\n\n", r.person, RoleText(fw, r.role),
                                AsOfText(as_of));
  if (!any_counts) {
    out += fmt::format("(none of the person's assessments is dated on or before {}: nothing counts yet)\n\n",
                       DateText(*as_of));
  }
  if (r.competencies.empty()) {
    out += fmt::format("Role {} lists no requirement: readiness 100.\n", r.role);
    return out;
  }
  out += Render(CompetencyTable(r, true), Format::kTable);
  Table g;
  g.title = "\nBy group";
  g.columns = {"group", "requirements", "met", "unassessed", "gap", "readiness"};
  for (const GroupReadiness& gr : r.groups) {
    g.AddRow({gr.group, int64_t{gr.requirements}, int64_t{gr.met}, int64_t{gr.unassessed}, gr.gap, gr.readiness});
  }
  out += Render(g, Format::kTable);
  out += fmt::format("\nReadiness for {}: {} of 100 ({} of {} requirements met, {} not assessed, total gap {})\n",
                     r.role, Percent(r.readiness), r.met, r.competencies.size(), r.unassessed, Level(r.gap));
  std::string missing;
  for (const CompetencyGap& c : r.competencies) {
    if (!c.assessed) missing += (missing.empty() ? "" : ", ") + c.competency;
  }
  if (!missing.empty()) {
    out += fmt::format("Not assessed (no credit above the scale minimum; not assessed is not ready): {}\n", missing);
  }
  return out + fmt::format("\n{}\n", kFormula);
}

Json GapsJson(const GapReport& r, const Framework& fw, const std::optional<int32_t>& as_of) {
  Json j;
  j["person"] = r.person;
  j["role"] = r.role;
  j["role_name"] = fw.FindRole(r.role)->name;
  j["framework"] = {{"id", fw.id}, {"version", fw.version}};
  j["as_of"] = OptionalDate(as_of);
  j["readiness"] = r.readiness;
  j["requirements"] = r.competencies.size();
  j["met"] = r.met;
  j["unassessed"] = r.unassessed;
  j["gap"] = r.gap;
  j["groups"] = Json::array();
  for (const GroupReadiness& g : r.groups) {
    j["groups"].push_back({{"group", g.group}, {"requirements", g.requirements}, {"met", g.met},
                           {"unassessed", g.unassessed}, {"gap", g.gap}, {"readiness", g.readiness}});
  }
  j["competencies"] = Json::array();
  for (const CompetencyGap& g : r.competencies) {
    j["competencies"].push_back({{"competency", g.competency}, {"name", g.name}, {"group", g.group},
                                 {"required", g.required}, {"assessed", g.assessed ? Json(*g.assessed) : Json(nullptr)},
                                 {"assessed_on", g.assessed_on ? Json(g.assessed_on->ToString()) : Json(nullptr)},
                                 {"source", g.assessed ? Json(g.source) : Json(nullptr)}, {"gap", g.gap},
                                 {"credit", g.credit}, {"weight", g.weight}});
  }
  return j;
}

Status PersonGaps(const Context& ctx, Format format, const std::string& person, const std::string& role,
                  const std::optional<int32_t>& as_of) {
  Result<Session> session = ctx.OpenSession();
  if (!session) return session.error();
  Result<Person> p = session->store->GetPerson(person);
  if (!p) {
    if (p.error().code() != StatusCode::kNotFound) return p.error();
    return Status::NotFound(fmt::format("--person '{}': {}; `careergraph people list` shows who is", person,
                                        p.error().message()));
  }
  Result<std::vector<Assessment>> assessments = session->store->GetAssessments(person);
  if (!assessments) return assessments.error();
  const Framework& fw = session->framework;
  Result<GapReport> r = ComputeGaps(fw, role, person, *assessments, as_of);
  if (!r) return r.error();
  if (assessments->empty()) {
    return Status::Invalid(fmt::format(
        "--person '{}': no assessments for person {}; import them with careergraph import --assessments FILE",
        person, person));
  }
  switch (format) {
    case Format::kJson: return WriteOutput("", GapsJson(*r, fw, as_of).dump(2) + "\n");
    case Format::kCsv: return WriteOutput("", Render(CompetencyTable(*r, false), Format::kCsv));
    case Format::kTable: {
      const bool any_counts = !as_of || std::any_of(assessments->begin(), assessments->end(), [&](const Assessment& a) {
        return a.date.days <= *as_of;
      });
      return WriteOutput("", GapsText(*r, fw, as_of, any_counts));
    }
  }
  return Status::Ok();
}

// --- gaps --role A --role B ---------------------------------------------------------------------

Table DiffTable(const RoleDiff& d) {
  Table t;
  t.columns = {"competency", "group", "from", "to", "delta"};
  for (const RequirementDiff& c : d.competencies) {
    t.AddRow({c.competency, c.group, c.from_level ? Cell(int64_t{*c.from_level}) : Cell(),
              c.to_level ? Cell(int64_t{*c.to_level}) : Cell(), int64_t{c.delta}});
  }
  return t;
}

std::string DiffText(const RoleDiff& d, const Framework& fw) {
  std::string out = fmt::format(
      "What {} asks beyond {}\n(from, to: the levels each role requires; a competency a role does not list counts at "
      "its scale minimum)\n\n",
      RoleText(fw, d.to), RoleText(fw, d.from));
  if (d.competencies.empty()) return out + "Neither role lists a requirement.\n";
  Table t = DiffTable(d);
  t.columns[2] = d.from;
  t.columns[3] = d.to;
  out += Render(t, Format::kTable);
  Table g;
  g.title = "\nBy group (raised, lowered: competencies asked higher, lower; increase: the levels added)";
  g.columns = {"group", "raised", "lowered", "increase"};
  int raised = 0, lowered = 0;
  for (const RoleDiff::Group& gr : d.groups) {
    g.AddRow({gr.group, int64_t{gr.raised}, int64_t{gr.lowered}, int64_t{gr.increase}});
    raised += gr.raised;
    lowered += gr.lowered;
  }
  out += Render(g, Format::kTable);
  return out + fmt::format("\n{} asks {} level{} more than {}: {} competenc{} raised, {} lowered\n", d.to, d.increase,
                           d.increase == 1 ? "" : "s", d.from, raised, raised == 1 ? "y" : "ies", lowered);
}

Json DiffJson(const RoleDiff& d) {
  Json j;
  j["from"] = d.from;
  j["to"] = d.to;
  j["increase"] = d.increase;
  j["groups"] = Json::array();
  for (const RoleDiff::Group& g : d.groups) {
    j["groups"].push_back({{"group", g.group}, {"raised", g.raised}, {"lowered", g.lowered}, {"increase", g.increase}});
  }
  j["competencies"] = Json::array();
  for (const RequirementDiff& c : d.competencies) {
    j["competencies"].push_back({{"competency", c.competency}, {"name", c.name}, {"group", c.group},
                                 {"from", c.from_level ? Json(*c.from_level) : Json(nullptr)},
                                 {"to", c.to_level ? Json(*c.to_level) : Json(nullptr)}, {"delta", c.delta}});
  }
  return j;
}

Status RoleGaps(const Context& ctx, Format format, const std::string& from, const std::string& to) {
  Result<Session> session = ctx.OpenSession();
  if (!session) return session.error();
  Result<RoleDiff> d = DiffRoles(session->framework, from, to);
  if (!d) return d.error();
  switch (format) {
    case Format::kJson: return WriteOutput("", DiffJson(*d).dump(2) + "\n");
    case Format::kCsv: return WriteOutput("", Render(DiffTable(*d), Format::kCsv));
    case Format::kTable: return WriteOutput("", DiffText(*d, session->framework));
  }
  return Status::Ok();
}

void RegisterGapsCommand(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string person, as_of;
    std::vector<std::string> roles;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "gaps",
      "A person's competency gaps and readiness (0-100) for a role, overall and per competency group "
      "(--person ID --role ROLE), or what one role asks beyond another (--role A --role B)");
  cmd->add_option("--person", o->person, "The person whose latest assessments are compared with the role");
  cmd->add_option("--role", o->roles,
                  "The role to compare with; twice (--role A --role B) without --person: what B asks beyond A");
  cmd->add_option("--as-of", o->as_of,
                  "Only assessments dated on or before this date count (YYYY, YYYY-MM or YYYY-MM-DD; default: all)");
  AddCommonOptions(cmd, &ctx, true);
  cmd->footer(fmt::format("\n{}", kFormula));
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o]() -> Status {
      Result<Format> format = ctx.OutputFormat();
      if (!format) return format.error();
      Result<std::optional<int32_t>> as_of = DateFlag("--as-of", o->as_of);
      if (!as_of) return as_of.error();
      if (!o->person.empty()) {
        if (o->roles.size() != 1) {
          return Status::Invalid(fmt::format(
              "--person '{}' takes one --role (got {}): `gaps --person ID --role ROLE` shows the person's gaps for the "
              "role; `gaps --role A --role B` (without --person) compares two roles",
              o->person, o->roles.size()));
        }
        return PersonGaps(ctx, *format, o->person, o->roles[0], *as_of);
      }
      if (o->roles.size() != 2) {
        return Status::Invalid(fmt::format(
            "gaps: give --person ID --role ROLE (a person's gaps for a role) or --role A --role B (what B asks beyond "
            "A); got {} --role and no --person",
            o->roles.size()));
      }
      if (as_of->has_value()) {
        return Status::Invalid("--as-of: applies to a person's assessments (--person); the role diff has none");
      }
      return RoleGaps(ctx, *format, o->roles[0], o->roles[1]);
    };
  });
}

// --- readiness --------------------------------------------------------------------------------

Result<size_t> ParseTop(const std::string& text) {
  size_t top = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, top);
  if (text.empty() || ec != std::errc() || ptr != end) {
    return Error(Status::Invalid(
        fmt::format("--top '{}': expected a whole number of people, 0 or more (0 = everyone)", text)));
  }
  return top;
}

Table RankingTable(const std::vector<ReadinessRow>& rows) {
  Table t;
  t.columns = {"rank", "person", "current_role", "readiness", "met", "requirements", "unassessed", "gap",
               "largest_gap", "largest_gap_size"};
  int64_t rank = 0;
  for (const ReadinessRow& r : rows) {
    const bool gap = !r.largest_gap.empty();
    t.AddRow({++rank, r.person, r.current_role, r.readiness, int64_t{r.met}, int64_t{r.requirements},
              int64_t{r.unassessed}, r.gap, gap ? Cell(r.largest_gap) : Cell(),
              gap ? Cell(r.largest_gap_size) : Cell()});
  }
  return t;
}

void RegisterReadiness(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string role, as_of, top = "10";
    bool include_holders = false;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "readiness",
      "Succession view: the people closest to a role — everyone in a role (with assessments) ranked by readiness "
      "for it (0-100; ties: smaller total gap first, then person id)");
  cmd->add_option("--role", o->role, "The role to rank people for")->required();
  cmd->add_option("--top", o->top, "Show the first N (0 = everyone)")->type_name("N")->capture_default_str();
  cmd->add_option("--as-of", o->as_of,
                  "Current roles on this date, and only assessments dated on or before it (default: roles at the "
                  "latest date in the data, every assessment)");
  cmd->add_flag("--include-holders", o->include_holders, "Also rank people who hold the role already");
  AddCommonOptions(cmd, &ctx, true);
  cmd->footer(fmt::format("\n{}", kFormula));
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o]() -> Status {
      Result<Format> format = ctx.OutputFormat();
      if (!format) return format.error();
      Result<size_t> top = ParseTop(o->top);
      if (!top) return top.error();
      Result<std::optional<int32_t>> as_of = DateFlag("--as-of", o->as_of);
      if (!as_of) return as_of.error();
      Result<AnalysisInput> in = OpenForAnalysis(ctx);
      if (!in) return in.error();
      Result<std::vector<Assessment>> assessments = in->session.store->GetAssessments();
      if (!assessments) return assessments.error();
      const Framework& fw = in->session.framework;
      ReadinessOptions options;
      options.role = o->role;
      options.top = 0;  // cut below, after counting the candidates
      options.as_of = *as_of;
      options.include_holders = o->include_holders;
      Result<std::vector<ReadinessRow>> rows = RankReadiness(*in->population, fw, *assessments, options);
      if (!rows) return rows.error();
      if (assessments->empty()) {
        return Status::Invalid(fmt::format(
            "{}: no assessments in the store; import them with careergraph import --assessments FILE", ctx.db));
      }
      const size_t candidates = rows->size();
      if (*top > 0 && rows->size() > *top) rows->resize(*top);
      const int32_t roles_on = as_of->value_or(LatestDate(*in->population));
      if (*format == Format::kCsv) return WriteOutput("", Render(RankingTable(*rows), Format::kCsv));
      if (*format == Format::kJson) {
        Json j;
        j["role"] = o->role;
        j["role_name"] = fw.FindRole(o->role)->name;
        j["framework"] = {{"id", fw.id}, {"version", fw.version}};
        j["roles_on"] = DateText(roles_on);
        j["as_of"] = OptionalDate(*as_of);
        j["include_holders"] = o->include_holders;
        j["candidates"] = candidates;
        j["ranking"] = Json::parse(Render(RankingTable(*rows), Format::kJson));
        return WriteOutput("", j.dump(2) + "\n");
      }
      std::string out = fmt::format(
          "Closest to {}\nCandidates: {} — people in a role on {} with an assessment that counts{}\n"
          "Assessments: {}\n",
          RoleText(fw, o->role), candidates, DateText(roles_on),
          o->include_holders ? "" : fmt::format(" (holders of {} left out)", o->role), AsOfText(*as_of));
      if (rows->empty()) return WriteOutput("", out + "\nNobody to rank.\n");
      if (rows->size() < candidates) {
        out += fmt::format("Showing the first {} (--top 0 shows everyone)\n", rows->size());
      }
      out += "\n" + Render(RankingTable(*rows), Format::kTable);
      return WriteOutput("", out + fmt::format("\n{}\n", kFormula));
    };
  });
}

}  // namespace

void RegisterGaps(CLI::App& app, Context& ctx) {
  RegisterGapsCommand(app, ctx);
  RegisterReadiness(app, ctx);
}

}  // namespace careergraph::cli
