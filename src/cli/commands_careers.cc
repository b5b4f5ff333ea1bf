// `careergraph import`, `export`, `people list|attributes|show`, `simulate` and `summary`.
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "careergraph/base/diagnostics.h"
#include "careergraph/base/file.h"
#include "careergraph/io/careers.h"
#include "careergraph/sim/simulator.h"
#include "cli/commands.h"

namespace careergraph::cli {
namespace {

constexpr double kDaysPerYear = 365.25;

// Explains a refused import: one line per person already in the store (`replace` off), and
// per assessment whose person is neither in the store nor among the imported careers, each
// with its file and line. OK when there is nothing to say.
Status ExplainRefusedImport(Store& store, const CareerBatch& careers, bool replace,
                            const std::vector<Assessment>& assessments,
                            const std::vector<size_t>& assessment_lines,
                            const std::string& assessments_file) {
  Diagnostics diags(50);
  const Population& pop = careers.population;
  const std::set<std::string> importing(pop.person_ids.begin(), pop.person_ids.end());
  if (!replace && pop.people() > 0) {
    Result<std::vector<std::string>> existing = store.ExistingPeople(pop.person_ids);
    if (!existing) return existing.error();
    const std::set<std::string> found(existing->begin(), existing->end());
    for (size_t p = 0; p < pop.people(); ++p) {
      if (!found.count(pop.person_ids[p])) continue;
      diags.Add(careers.source, p < careers.first_line.size() ? careers.first_line[p] : 0, 0,
                fmt::format("field 'person_id': person '{}' is already in the store; use --replace "
                            "to replace their career", pop.person_ids[p]));
    }
  }
  if (!assessments.empty()) {
    std::vector<std::string> ids;
    for (const Assessment& a : assessments) {
      if (!importing.count(a.person_id)) ids.push_back(a.person_id);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    Result<std::vector<std::string>> existing = store.ExistingPeople(ids);
    if (!existing) return existing.error();
    const std::set<std::string> known(existing->begin(), existing->end());
    for (size_t i = 0; i < assessments.size(); ++i) {
      const std::string& id = assessments[i].person_id;
      if (importing.count(id) || known.count(id)) continue;
      diags.Add(assessments_file, i < assessment_lines.size() ? assessment_lines[i] : 0, 0,
                fmt::format("field 'person_id': person '{}' is not in the store; import their "
                            "career first", id));
    }
  }
  return diags.ToStatus(StatusCode::kInvalidArgument);
}

// Imports careers and assessments in one transaction. The store refuses known people and
// unknown assessed people itself (cheaply, by its indexes); only then are they looked up one
// by one, to name every offending line.
Status ImportBatch(Store& store, const CareerBatch& careers, bool replace,
                   const std::vector<Assessment>& assessments, const std::vector<size_t>& assessment_lines,
                   const std::string& assessments_file, Progress& progress) {
  Status s = store.Import(careers, assessments, replace ? ImportMode::kReplace : ImportMode::kNew, progress);
  if (s.code() == StatusCode::kAlreadyExists || s.code() == StatusCode::kNotFound) {
    Status explained = ExplainRefusedImport(store, careers, replace, assessments, assessment_lines,
                                            assessments_file);
    if (!explained.ok()) return explained;
  }
  return s;
}

// Finds the mobility model for a framework: `<id>.mobility.toml` in ./frameworks, beside the
// executable's frameworks directory (build trees and installs), or the system share directory.
std::string FindMobilityModel(const Context& ctx, const std::string& framework_id) {
  const std::string name = framework_id + ".mobility.toml";
  namespace fs = std::filesystem;
  for (const fs::path& dir : {fs::path("frameworks"), fs::path(ctx.program_dir) / "../frameworks",
                              fs::path(ctx.program_dir) / "../../frameworks",
                              fs::path(ctx.program_dir) / "../share/careergraph/frameworks",
                              fs::path("/usr/share/careergraph/frameworks")}) {
    std::error_code ec;
    if (fs::exists(dir / name, ec)) return (dir / name).lexically_normal().string();
  }
  return {};
}

void RegisterImport(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string file, map, assessments;
    bool replace = false;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand("import", "Import careers (CSV or JSON spells) and/or assessments, atomically");
  cmd->add_option("file", o->file, "Careers file: .csv (person_id,role,title,start,end,attributes...) or .json");
  cmd->add_option("--map", o->map, "Extra title → role mappings: CSV with header title,role");
  cmd->add_option("--assessments", o->assessments, "Competency assessments: CSV person_id,competency,level,date[,source]");
  cmd->add_flag("--replace", o->replace, "Replace the careers of people already in the store");
  AddCommonOptions(cmd, &ctx, false);
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o]() -> Status {
      if (o->file.empty() && o->assessments.empty()) {
        return Status::Invalid("import: give a careers FILE, --assessments FILE, or both");
      }
      Result<Session> session = ctx.OpenSession();
      if (!session) return session.error();
      TerminalProgress progress;
      constexpr const char* kNothing = "\nnothing was imported; the store is unchanged";
      CareerBatch careers;
      if (!o->file.empty()) {
        TitleMap extra;
        if (!o->map.empty()) {
          Result<TitleMap> m = ReadTitleMapFile(o->map, session->framework);
          if (!m) return Status(m.error().code(), m.error().message() + kNothing);
          extra = std::move(*m);
        }
        Result<CareerBatch> read = ReadCareerBatchFile(o->file, session->framework, extra, progress);
        if (!read) return Status(read.error().code(), read.error().message() + kNothing);
        careers = std::move(*read);
      }
      std::vector<Assessment> assessments;
      std::vector<size_t> assessment_lines;
      if (!o->assessments.empty()) {
        Result<std::string> text = ReadFile(o->assessments);
        if (!text) return Status(text.error().code(), text.error().message() + kNothing);
        Result<std::vector<Assessment>> a = ParseAssessments(*text, o->assessments, session->framework, &assessment_lines);
        if (!a) return Status(a.error().code(), a.error().message() + kNothing);
        assessments = std::move(*a);
      }
      Status s = ImportBatch(*session->store, careers, o->replace, assessments, assessment_lines,
                             o->assessments, progress);
      if (!s.ok()) return Status(s.code(), s.message() + kNothing);
      if (!o->file.empty()) {
        CG_RETURN_IF_ERROR(WriteOutput("", fmt::format("imported {} people, {} spells from {}\n", careers.population.people(),
                                                     careers.population.spells(), o->file)));
      }
      if (!o->assessments.empty()) {
        CG_RETURN_IF_ERROR(WriteOutput("", fmt::format("imported {} assessments from {}\n", assessments.size(), o->assessments)));
      }
      return Status::Ok();
    };
  });
}

void RegisterExport(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string out, format = "csv", assessments;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand("export", "Write every career (and optionally assessments) back out");
  cmd->add_option("--out", o->out, "Careers file (default: stdout)");
  cmd->add_option("--format", o->format, "csv or json (default: from --out's extension, else csv)")
      ->check(CLI::IsMember({"csv", "json"}));
  cmd->add_option("--assessments", o->assessments, "Also write assessments to this CSV file");
  cmd->add_option("--db", ctx.db, "The store: an SQLite file")->capture_default_str();
  cmd->callback([&ctx, o, cmd] {
    ctx.run = [&ctx, o, cmd]() -> Status {
      Result<std::unique_ptr<Store>> store = ctx.OpenStore();
      if (!store) return store.error();
      TerminalProgress progress;
      Result<Population> careers = (*store)->LoadPopulation(progress);
      if (!careers) return careers.error();
      CareerFormat format = cmd->count("--format") ? (o->format == "json" ? CareerFormat::kJson : CareerFormat::kCsv)
                                                   : CareerFormatForPath(o->out);
      CG_RETURN_IF_ERROR(WriteOutput(o->out, WriteCareers(*careers, format)));
      if (!o->assessments.empty()) {
        Result<std::vector<Assessment>> a = (*store)->GetAssessments();
        if (!a) return a.error();
        CG_RETURN_IF_ERROR(WriteFileAtomic(o->assessments, WriteAssessmentsCsv(*a)));
      }
      return Status::Ok();
    };
  });
}

void RegisterPeople(CLI::App& app, Context& ctx) {
  CLI::App* people = app.add_subcommand("people", "List people or show one person's timeline");
  people->require_subcommand(1);
  {
    auto limit = std::make_shared<size_t>(50);
    auto offset = std::make_shared<size_t>(0);
    CLI::App* cmd = people->add_subcommand("list", "People with their first start, current or last role and spell count");
    cmd->add_option("--limit", *limit, "How many (0 = all)")->capture_default_str();
    cmd->add_option("--offset", *offset, "Skip this many first")->capture_default_str();
    AddCommonOptions(cmd, &ctx, true);
    cmd->callback([&ctx, limit, offset] {
      ctx.run = [&ctx, limit, offset]() -> Status {
        Result<Format> format = ctx.OutputFormat();
        if (!format) return format.error();
        Result<std::unique_ptr<Store>> store = ctx.OpenStore();
        if (!store) return store.error();
        Result<std::vector<std::string>> ids = (*store)->ListPeople(*offset, *limit);
        if (!ids) return ids.error();
        Table t;
        t.columns = {"person_id", "spells", "first_start", "last_role", "last_title", "status"};
        for (const std::string& id : *ids) {
          Result<Person> p = (*store)->GetPerson(id);
          if (!p) return p.error();
          const Spell& last = p->spells.back();
          t.AddRow({p->id, static_cast<int64_t>(p->spells.size()), p->spells.front().start.ToString(),
                    last.role, last.title, std::string(last.end ? "ended " + last.end->ToString() : "ongoing")});
        }
        return WriteOutput("", Render(t, *format));
      };
    });
  }
  {
    CLI::App* cmd = people->add_subcommand(
        "attributes", "The person attributes in the store (from the careers' extra columns) and how many people have each value: what --where and --by can use");
    AddCommonOptions(cmd, &ctx, true);
    cmd->callback([&ctx] {
      ctx.run = [&ctx]() -> Status {
        Result<Format> format = ctx.OutputFormat();
        if (!format) return format.error();
        Result<AnalysisInput> in = OpenForAnalysis(ctx);
        if (!in) return in.error();
        const Population& pop = *in->population;
        Table t;
        t.columns = {"attribute", "value", "people"};
        for (size_t a = 0; a < pop.attribute_names.size(); ++a) {
          std::map<std::string, int64_t> counts;  // by value, sorted
          int64_t missing = 0;
          for (uint32_t v : pop.attribute[a]) {
            if (v == Interner::kNone) {
              ++missing;
            } else {
              ++counts[std::string(pop.attribute_values.Get(v))];
            }
          }
          for (const auto& [value, n] : counts) t.AddRow({pop.attribute_names[a], value, n});
          if (missing > 0) t.AddRow({pop.attribute_names[a], Cell(), missing});
        }
        return WriteOutput("", Render(t, *format));
      };
    });
  }
  {
    auto id = std::make_shared<std::string>();
    CLI::App* cmd = people->add_subcommand("show", "A person's timeline: role, track, title, dates, move kind");
    cmd->add_option("id", *id, "Person id")->required();
    AddCommonOptions(cmd, &ctx, true);
    cmd->callback([&ctx, id] {
      ctx.run = [&ctx, id]() -> Status {
        Result<Format> format = ctx.OutputFormat();
        if (!format) return format.error();
        Result<Session> session = ctx.OpenSession();
        if (!session) return session.error();
        Result<Person> p = session->store->GetPerson(*id);
        if (!p) return p.error();
        Result<std::vector<Assessment>> assessments = session->store->GetAssessments(*id);
        if (!assessments) return assessments.error();
        Table t;
        t.columns = {"start", "end", "years", "role", "track", "level", "title", "move"};
        std::string previous = "outside";
        for (const Spell& s : p->spells) {
          const Role* r = session->framework.FindRole(s.role);
          MoveClass c = session->framework.Classify(previous, s.role);
          std::string move(MoveKindName(c.kind));
          if (c.kind == MoveKind::kCrossTrack) {
            move += c.level_change == LevelChange::kRises ? " (up)" : c.level_change == LevelChange::kFalls ? " (down)" : " (level)";
          }
          if (c.kind == MoveKind::kEntry && previous != "outside") move += " from " + previous;
          if (!c.allowed) move += " (not allowed by policy)";
          t.AddRow({s.start.ToString(), s.end ? Cell(s.end->ToString()) : Cell(std::string("ongoing")),
                    s.end ? Cell((s.end->days - s.start.days) / kDaysPerYear) : Cell(),
                    s.role, r ? Cell(r->track) : Cell(std::string("(destination)")),
                    r ? Cell(int64_t{r->level}) : Cell(), s.title, move});
          previous = s.role;
        }
        // A career whose last role has ended left for `outside` (how analysis reads it too).
        if (!p->spells.empty() && p->spells.back().end && session->framework.FindRole(p->spells.back().role)) {
          t.AddRow({p->spells.back().end->ToString(), Cell(), Cell(), std::string("outside"),
                    std::string("(destination)"), Cell(), std::string(), std::string("exit")});
        }
        if (*format == Format::kJson) {
          nlohmann::ordered_json j;
          j["person_id"] = p->id;
          j["attributes"] = nlohmann::ordered_json::object();
          for (const auto& [k, v] : p->attributes) j["attributes"][k] = v;
          j["timeline"] = nlohmann::ordered_json::parse(Render(t, Format::kJson));
          j["assessments"] = nlohmann::ordered_json::array();
          for (const Assessment& a : *assessments) {
            j["assessments"].push_back({{"competency", a.competency}, {"level", a.level},
                                        {"date", a.date.ToString()}, {"source", a.source}});
          }
          return WriteOutput("", j.dump(2) + "\n");
        }
        if (*format == Format::kCsv) return WriteOutput("", Render(t, Format::kCsv));
        std::string out = fmt::format("Person {}\n", p->id);
        for (const auto& [k, v] : p->attributes) out += fmt::format("  {}: {}\n", k, v);
        out += "\n" + Render(t, Format::kTable);
        if (!assessments->empty()) {
          Table at;
          at.title = "\nAssessments";
          at.columns = {"date", "competency", "level", "source"};
          for (const Assessment& a : *assessments) at.AddRow({a.date.ToString(), a.competency, a.level, a.source});
          out += Render(at, Format::kTable);
        }
        return WriteOutput("", out);
      };
    });
  }
}

void RegisterSimulate(CLI::App& app, Context& ctx) {
  struct Opts {
    SimulationOptions sim;
    std::string model, out;
    bool replace = false, no_assessments = false;
  };
  auto o = std::make_shared<Opts>();
  o->sim.people = 3000;
  o->sim.seed = 42;
  CLI::App* cmd = app.add_subcommand("simulate", "Generate reproducible synthetic careers for the active framework");
  cmd->add_option("--people", o->sim.people, "How many people")->capture_default_str()->check(CLI::Range(1, 100000000));
  cmd->add_option("--seed", o->sim.seed, "Random seed (same seed, same careers)")->capture_default_str();
  cmd->add_option("--start", o->sim.start_year, "First year people enter")->capture_default_str();
  cmd->add_option("--end", o->sim.end_year, "Year observation ends (exclusive)")->capture_default_str();
  cmd->add_option("--model", o->model, "Mobility model TOML (default: <framework-id>.mobility.toml in frameworks/)");
  cmd->add_option("--out", o->out,
                  "Write the careers to this CSV/JSON file instead of importing them (no assessments)");
  cmd->add_flag("--replace", o->replace, "Replace careers of people already in the store (their assessments stay)");
  cmd->add_flag("--no-assessments", o->no_assessments,
                "Import the careers only; by default everyone in a role at the end gets one simulated assessment per "
                "competency (docs/data-formats.md)");
  AddCommonOptions(cmd, &ctx, false);
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o]() -> Status {
      Result<Session> session = ctx.OpenSession();
      if (!session) return session.error();
      std::string model_path = o->model.empty() ? FindMobilityModel(ctx, session->framework.id) : o->model;
      if (model_path.empty()) {
        return Status::NotFound(fmt::format("no mobility model for framework '{}': pass --model FILE "
                                            "(looked for frameworks/{}.mobility.toml)", session->framework.id, session->framework.id));
      }
      Result<MobilityModel> model = LoadMobilityModelFile(model_path, session->framework);
      if (!model) return model.error();
      TerminalProgress progress;
      Result<CareerSet> careers = Simulate(session->framework, *model, o->sim, progress);
      if (!careers) return careers.error();
      careers->source = fmt::format("simulate --people {} --seed {}", o->sim.people, o->sim.seed);
      if (!o->out.empty()) {
        CG_RETURN_IF_ERROR(WriteFileAtomic(o->out, WriteCareers(*careers, CareerFormatForPath(o->out))));
        CG_RETURN_IF_ERROR(WriteOutput("", fmt::format("wrote {} people, {} spells to {}\n", careers->people.size(), careers->SpellCount(), o->out)));
        return Status::Ok();
      }
      // Assessments as of the last day of the window, when every open spell is current.
      const std::vector<Assessment> assessments =
          o->no_assessments ? std::vector<Assessment>()
                            : SimulateAssessments(session->framework, *careers, o->sim.seed,
                                                  DaysFromCivil(o->sim.end_year, 1, 1) - 1);
      CG_RETURN_IF_ERROR(ImportBatch(*session->store, CareerBatch::FromCareers(*careers), o->replace, assessments,
                                     {}, "", progress));
      CG_RETURN_IF_ERROR(WriteOutput("", fmt::format("simulated {} people, {} spells, {} assessments ({}–{}, seed {}, model {}) into {}\n",
                                                   careers->people.size(), careers->SpellCount(), assessments.size(), o->sim.start_year,
                                                   o->sim.end_year, o->sim.seed, model_path, ctx.db)));
      return Status::Ok();
    };
  });
}

void RegisterSummary(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("summary", "The population at a glance: people, spells, headcount by track and role (and destination: a career whose last role ended counts as gone `outside`)");
  AddCommonOptions(cmd, &ctx, true);
  cmd->callback([&ctx] {
    ctx.run = [&ctx]() -> Status {
      Result<Format> format = ctx.OutputFormat();
      if (!format) return format.error();
      Result<Session> session = ctx.OpenSession();
      if (!session) return session.error();
      TerminalProgress progress;
      Result<Population> pop = session->store->LoadPopulation(progress);
      if (!pop) return pop.error();
      // Per state: spells, people ever in it, current holders (ongoing spells), mean years
      // of completed spells.
      struct Count {
        int64_t spells = 0, people = 0, current = 0, completed = 0;
        double completed_days = 0;
      };
      std::vector<Count> by_state(pop->states.size());
      int32_t first = Population::kOngoing, last = 0;
      std::vector<uint32_t> seen_in(pop->states.size(), UINT32_MAX);
      int64_t left_outside = 0;
      for (size_t p = 0; p < pop->people(); ++p) {
        for (uint32_t i = pop->spell_begin[p]; i < pop->spell_begin[p + 1]; ++i) {
          Count& c = by_state[pop->state[i]];
          ++c.spells;
          if (seen_in[pop->state[i]] != p) {
            seen_in[pop->state[i]] = static_cast<uint32_t>(p);
            ++c.people;
          }
          first = std::min(first, pop->start[i]);
          last = std::max(last, pop->start[i]);
          if (pop->end[i] == Population::kOngoing) {
            ++c.current;
          } else {
            last = std::max(last, pop->end[i]);
            ++c.completed;
            c.completed_days += pop->end[i] - pop->start[i];
          }
        }
        // A career whose last spell (in a role) has ended went to `outside`, which careers do
        // not record as a spell: count those people there, as being there now.
        const uint32_t last_spell = pop->spell_begin[p + 1] - 1;
        if (pop->spell_begin[p + 1] > pop->spell_begin[p] && pop->end[last_spell] != Population::kOngoing &&
            session->framework.FindRole(pop->states.Get(pop->state[last_spell]))) {
          ++left_outside;
        }
      }
      Table t;
      t.columns = {"track", "role", "level", "people_ever", "spells", "current", "mean_years_completed"};
      auto add = [&](const std::string& track, const std::string& id, Cell level) {
        const uint32_t s = pop->states.Find(id);
        Count c = s == Interner::kNone ? Count{} : by_state[s];
        if (id == "outside") {
          c.people += left_outside;
          c.current += left_outside;
        }
        t.AddRow({track, id, level, c.people, c.spells, c.current,
                  c.completed ? Cell(c.completed_days / c.completed / kDaysPerYear) : Cell()});
      };
      for (const Track& tr : session->framework.tracks) {
        for (const Role* r : session->framework.RolesOfTrack(tr.id)) add(tr.id, r->id, int64_t{r->level});
      }
      for (const Destination& d : session->framework.destinations) add("(destination)", d.id, Cell());
      if (*format != Format::kTable) return WriteOutput("", Render(t, *format));
      int64_t current = 0;
      for (const Role& r : session->framework.roles) {
        const uint32_t s = pop->states.Find(r.id);
        if (s != Interner::kNone) current += by_state[s].current;
      }
      std::string out = fmt::format(
          "Population in {} (framework {} {})\n  people: {}\n  spells: {}\n  people in a role now: {}\n",
          ctx.db, session->framework.id, session->framework.version, pop->people(), pop->spells(), current);
      if (pop->spells()) {
        out += fmt::format("  dates: {} to {}\n", Date{first, DatePrecision::kMonth}.ToString(),
                           Date{last, DatePrecision::kMonth}.ToString());
      }
      for (size_t a = 0; a < pop->attribute_names.size(); ++a) {
        std::map<std::string, int64_t> counts;
        for (uint32_t v : pop->attribute[a]) {
          counts[v == Interner::kNone ? "(none)" : pop->attribute_values.Get(v)]++;
        }
        std::string line;
        for (const auto& [v, n] : counts) line += fmt::format("{}{} {}", line.empty() ? "" : ", ", v, n);
        out += fmt::format("  {}: {}\n", pop->attribute_names[a], line);
      }
      t.title = "\nBy track and role (current = ongoing spells)";
      out += Render(t, Format::kTable);
      return WriteOutput("", out);
    };
  });
}

}  // namespace

void RegisterCareerCommands(CLI::App& app, Context& ctx) {
  RegisterImport(app, ctx);
  RegisterExport(app, ctx);
  RegisterPeople(app, ctx);
  RegisterSimulate(app, ctx);
  RegisterSummary(app, ctx);
}

}  // namespace careergraph::cli
