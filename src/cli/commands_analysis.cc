// Analysis commands: `careergraph transitions` (moves, or with --grid the time-grid rates of
// TraMineR's seqtrate), `titles` and `paths`. Each loads the population once and renders the
// analysis structs (analysis/*.h) as a table, JSON or CSV.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "careergraph/analysis/paths.h"
#include "careergraph/analysis/sequences.h"
#include "careergraph/analysis/titles.h"
#include "careergraph/analysis/transitions.h"
#include "cli/commands.h"
#include "cli/commands_seq.h"

namespace careergraph::cli {

Result<std::optional<int32_t>> DateFlag(std::string_view flag, const std::string& text) {
  if (text.empty()) return std::optional<int32_t>();
  Result<Date> d = ParseDate(text);
  if (!d) return Error(Status::Invalid(fmt::format("{}: {}", flag, d.error().message())));
  return std::optional<int32_t>(d->days);
}

Result<std::vector<std::pair<std::string, std::string>>> WhereFlags(const std::vector<std::string>& flags) {
  std::vector<std::pair<std::string, std::string>> where;
  for (const std::string& w : flags) {
    const size_t eq = w.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Error(Status::Invalid(fmt::format("--where '{}': expected ATTR=VALUE", w)));
    }
    where.emplace_back(w.substr(0, eq), w.substr(eq + 1));
  }
  return where;
}

Result<AnalysisInput> OpenForAnalysis(const Context& ctx) {
  Result<Session> session = ctx.OpenSession();
  if (!session) return Error(session.error());
  std::shared_ptr<const Population> population;
  if (ctx.snapshot) {
    population = ctx.snapshot->population;
  } else {
    TerminalProgress progress;
    Result<Population> pop = session->store->LoadPopulation(progress);
    if (!pop) return Error(pop.error());
    population = std::make_shared<const Population>(std::move(*pop));
  }
  if (population->people() == 0) {
    return Error(Status::Invalid(fmt::format("{}: the store holds no careers; import some or run "
                                             "`careergraph simulate` first", ctx.db)));
  }
  return AnalysisInput{std::move(*session), std::move(population)};
}

namespace {

void RegisterTransitions(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string level = "role", since, until, grid, align;
    std::vector<std::string> where;
    bool time_varying = false;
  };
  // The time-grid view of `--grid`: TraMineR's seqtrate matrices.
  auto write_grid = [](const TransitionRates& rates, const SequenceSet& seq, const GridOptions& grid, int lag,
                       Format format) -> Status {
    const size_t n = rates.states.size();
    if (format == Format::kJson) {
      using J = nlohmann::ordered_json;
      auto matrix = [&](size_t m) {
        J rows = J::array();
        for (size_t x = 0; x < n; ++x) {
          J row = J::array();
          for (size_t y = 0; y < n; ++y) row.push_back(rates.at(m, x, y));
          rows.push_back(std::move(row));
        }
        return rows;
      };
      J j;
      j["unit"] = GridUnitName(grid.unit);
      j["align"] = GridAlignName(grid.align);
      j["level"] = TransitionLevelName(grid.level);
      j["lag"] = lag;
      j["sequences"] = seq.size();
      j["positions"] = seq.length();
      j["states"] = rates.states;
      if (rates.periods.empty()) {
        j["rates"] = matrix(0);
      } else {
        j["periods"] = J::array();
        for (size_t m = 0; m < rates.periods.size(); ++m) {
          j["periods"].push_back({{"period", rates.periods[m]}, {"rates", matrix(m)}});
        }
      }
      return WriteOutput("", j.dump(2) + "\n");
    }
    if (format == Format::kCsv) {
      Table t;
      t.columns = {"from", "to"};
      if (!rates.periods.empty()) t.columns.push_back("period");
      t.columns.push_back("rate");
      for (size_t m = 0; m < rates.matrices(); ++m) {
        for (size_t x = 0; x < n; ++x) {
          for (size_t y = 0; y < n; ++y) {
            std::vector<Cell> row{rates.states[x], rates.states[y]};
            if (!rates.periods.empty()) row.emplace_back(rates.periods[m]);
            row.emplace_back(rates.at(m, x, y));
            t.AddRow(std::move(row));
          }
        }
      }
      return WriteOutput("", Render(t, Format::kCsv));
    }
    // As TraMineR prints it: rows "[x ->]", columns "[-> y]"; four decimals, as a monthly grid's
    // rates of moving are small.
    std::string out = fmt::format(
        "Transition rates on a {} grid ({} alignment, {} level; TraMineR's seqtrate, lag {}): {} sequences of {} "
        "positions{}\n",
        GridUnitName(grid.unit), GridAlignName(grid.align), TransitionLevelName(grid.level), lag, seq.size(),
        seq.length(), seq.length() ? fmt::format(" ({} to {})", seq.columns().front(), seq.columns().back()) : "");
    for (size_t m = 0; m < rates.matrices(); ++m) {
      Table t;
      if (!rates.periods.empty()) t.title = fmt::format("\nfrom {} (position {} to {})", rates.periods[m], m + 1, m + 1 + lag);
      t.columns.push_back("");
      for (size_t y = 0; y < n; ++y) t.columns.push_back(rates.ColumnLabel(y));
      for (size_t x = 0; x < n; ++x) {
        std::vector<Cell> row{rates.RowLabel(x)};
        for (size_t y = 0; y < n; ++y) row.emplace_back(fmt::format("{:.4f}", rates.at(m, x, y)));
        t.AddRow(std::move(row));
      }
      out += Render(t, Format::kTable);
    }
    return WriteOutput("", out);
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "transitions", "How people really move: counts and rates between roles (or tracks), entries and exits included, each move classified by the framework; with --grid, per-period transition rates as TraMineR's seqtrate");
  cmd->add_option("--level", o->level, "role or track")->capture_default_str()->check(CLI::IsMember({"role", "track"}));
  cmd->add_option("--since", o->since, "Only moves on or after this date (YYYY, YYYY-MM or YYYY-MM-DD); with --grid, the first day observed");
  cmd->add_option("--until", o->until, "Only moves on or before this date; with --grid, the as-of date (default: the latest date in the data)");
  cmd->add_option("--where", o->where, "Only people with this attribute value, ATTR=VALUE (repeatable: all must hold)");
  cmd->add_option("--grid", o->grid, "Rates on a time grid instead of moves: month, quarter or year (staying is a transition to the same state)")
      ->check(CLI::IsMember({"month", "quarter", "year"}));
  cmd->add_option("--align", o->align, "With --grid: calendar (positions are calendar periods; the default) or career (position 0 is each person's first spell)")
      ->check(CLI::IsMember({"calendar", "career"}));
  cmd->add_flag("--time-varying", o->time_varying, "With --grid: one matrix per period instead of one over all periods");
  AddCommonOptions(cmd, &ctx, true);
  cmd->callback([&ctx, o, write_grid] {
    ctx.run = [&ctx, o, write_grid]() -> Status {
      Result<Format> format = ctx.OutputFormat();
      if (!format) return format.error();
      TransitionOptions options;
      options.level = o->level == "track" ? TransitionLevel::kTrack : TransitionLevel::kRole;
      Result<std::optional<int32_t>> since = DateFlag("--since", o->since);
      if (!since) return since.error();
      Result<std::optional<int32_t>> until = DateFlag("--until", o->until);
      if (!until) return until.error();
      options.since = *since;
      options.until = *until;
      Result<std::vector<std::pair<std::string, std::string>>> where = WhereFlags(o->where);
      if (!where) return where.error();
      options.where = std::move(*where);
      if (o->grid.empty() && (o->time_varying || !o->align.empty())) {
        return Status::Invalid(fmt::format("{} needs --grid month|quarter|year",
                                           o->time_varying ? "--time-varying" : "--align"));
      }
      Result<AnalysisInput> in = OpenForAnalysis(ctx);
      if (!in) return in.error();

      if (!o->grid.empty()) {
        GridOptions grid;
        grid.unit = *ParseGridUnit(o->grid);  // CLI11 checked the names
        grid.align = o->align.empty() ? GridAlign::kCalendar : *ParseGridAlign(o->align);
        grid.level = options.level;
        grid.since = options.since;
        grid.until = options.until;
        grid.where = options.where;
        Result<SequenceSet> seq = BuildSequences(*in->population, in->session.framework, grid);
        if (!seq) return seq.error();
        if (seq->size() == 0) {
          return Status::Invalid(fmt::format("--grid {}: no career is observed on the grid{}", o->grid,
                                             options.where.empty() ? "" : " (--where leaves nobody)"));
        }
        SeqTrateOptions trate;
        trate.time_varying = o->time_varying;
        Result<TransitionRates> rates = SeqTransitionRates(*seq, trate);
        if (!rates) {
          return Status::Invalid(fmt::format("--grid {}: {}; use a finer grid", o->grid, rates.error().message()));
        }
        return write_grid(*rates, *seq, grid, trate.lag, *format);
      }

      Result<TransitionTable> table = ComputeTransitions(*in->population, in->session.framework, options);
      if (!table) return table.error();

      if (*format == Format::kJson) {
        nlohmann::ordered_json j;
        j["level"] = TransitionLevelName(table->level);
        j["moves"] = nlohmann::ordered_json::array();
        for (const TransitionCount& m : table->moves) {
          nlohmann::ordered_json mj{{"from", m.from}, {"to", m.to}, {"kind", MoveKindName(m.kind)},
                                    {"count", m.count}, {"rate", m.rate}};
          if (table->level == TransitionLevel::kRole) {
            mj["listed"] = m.listed;
            mj["typical"] = m.typical;
            mj["allowed"] = m.allowed;
          }
          j["moves"].push_back(std::move(mj));
        }
        j["by_kind"] = nlohmann::ordered_json::object();
        for (MoveKind k : {MoveKind::kPromotion, MoveKind::kStepBack, MoveKind::kCrossTrack,
                           MoveKind::kEntry, MoveKind::kExit}) {
          j["by_kind"][std::string(MoveKindName(k))] = table->by_kind[static_cast<size_t>(k)];
        }
        j["total"] = table->total;
        j["people"] = table->people;
        j["censored"] = table->censored;
        return WriteOutput("", j.dump(2) + "\n");
      }
      Table t;
      t.columns = {"from", "to", "kind", "count", "rate"};
      if (table->level == TransitionLevel::kRole) {
        t.columns.insert(t.columns.end(), {"listed", "typical", "allowed"});
      }
      for (const TransitionCount& m : table->moves) {
        std::vector<Cell> row{m.from, m.to, std::string(MoveKindName(m.kind)), m.count, m.rate};
        if (table->level == TransitionLevel::kRole) {
          row.insert(row.end(), {m.listed, m.typical, m.allowed});
        }
        t.AddRow(std::move(row));
      }
      if (*format == Format::kCsv) return WriteOutput("", Render(t, Format::kCsv));
      std::string out = fmt::format(
          "Transitions by {} ({} moves of {} people; still running: {})\n"
          "  by kind: {} promotions, {} step-backs, {} cross-track, {} entries, {} exits\n\n",
          TransitionLevelName(table->level), table->total, table->people, table->censored,
          table->by_kind[0], table->by_kind[1], table->by_kind[2], table->by_kind[3], table->by_kind[4]);
      out += Render(t, Format::kTable);
      return WriteOutput("", out);
    };
  });
}

void RegisterTitles(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<TitleOptions>();
  CLI::App* cmd = app.add_subcommand(
      "titles", "Titles versus roles: the titles a role's holders carry, the roles a title's carriers do");
  cmd->add_option("--role", o->role, "Only this role: the titles its holders carry");
  cmd->add_option("--title", o->title, "Only this title (case and punctuation ignored): the roles its carriers do");
  AddCommonOptions(cmd, &ctx, true);
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o]() -> Status {
      Result<Format> format = ctx.OutputFormat();
      if (!format) return format.error();
      Result<AnalysisInput> in = OpenForAnalysis(ctx);
      if (!in) return in.error();
      Result<TitleTable> table = ComputeTitles(*in->population, in->session.framework, *o);
      if (!table) return table.error();
      Table t;
      t.columns = {"role", "title", "alias_of", "spells", "people", "share_of_role", "share_of_title"};
      for (const TitleRoleCount& r : table->rows) {
        t.AddRow({r.role, r.title.empty() ? Cell() : Cell(r.title), r.alias_of.empty() ? Cell() : Cell(r.alias_of),
                  r.spells, r.people, r.share_of_role, r.title.empty() ? Cell() : Cell(r.share_of_title)});
      }
      if (*format != Format::kTable) return WriteOutput("", Render(t, *format));
      t.title = "Titles by role (alias_of: the role the title names in the framework; a different role "
                "there means people do one role under another's title)\n";
      return WriteOutput("", Render(t, Format::kTable));
    };
  });
}

void RegisterPaths(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<PathOptions>();
  CLI::App* cmd = app.add_subcommand(
      "paths", "The most frequent role sequences: contiguous sub-paths and whole careers, with the people who follow them");
  cmd->add_option("--min-support", o->min_support, "Only paths followed by at least this many people")
      ->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--min-length", o->min_length, "Shortest sub-path, in states (>= 2)")->capture_default_str();
  cmd->add_option("--max-length", o->max_length, "Longest sub-path, in states")->capture_default_str()->check(CLI::Range(2, 50));
  cmd->add_option("--top", o->top, "Rows of each kind (0 = all)")->capture_default_str();
  cmd->add_option("--from", o->from, "Only paths starting at this role (or destination)");
  cmd->add_option("--to", o->to, "Only paths ending at this role (or destination)");
  AddCommonOptions(cmd, &ctx, true);
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o]() -> Status {
      Result<Format> format = ctx.OutputFormat();
      if (!format) return format.error();
      Result<AnalysisInput> in = OpenForAnalysis(ctx);
      if (!in) return in.error();
      Result<PathTable> table = ComputePaths(*in->population, in->session.framework, *o);
      if (!table) return table.error();
      auto render = [](const std::vector<PathCount>& paths, const char* kind) {
        Table t;
        t.columns = {"kind", "path", "length", "people", "occurrences", "share"};
        for (const PathCount& p : paths) {
          std::string path;
          for (const std::string& s : p.states) path += (path.empty() ? "" : " → ") + s;
          t.AddRow({std::string(kind), path, static_cast<int64_t>(p.states.size()), p.people, p.occurrences, p.share});
        }
        return t;
      };
      Table sub = render(table->sub_paths, "sub-path");
      Table whole = render(table->whole_careers, "career");
      if (*format == Format::kJson) {
        nlohmann::ordered_json j;
        j["people"] = table->people;
        for (const auto& [key, paths] : {std::pair<const char*, const std::vector<PathCount>*>{"sub_paths", &table->sub_paths},
                                         {"whole_careers", &table->whole_careers}}) {
          j[key] = nlohmann::ordered_json::array();
          for (const PathCount& p : *paths) {
            j[key].push_back({{"states", p.states}, {"people", p.people}, {"occurrences", p.occurrences}, {"share", p.share}});
          }
        }
        return WriteOutput("", j.dump(2) + "\n");
      }
      if (*format == Format::kCsv) {
        sub.rows.insert(sub.rows.end(), whole.rows.begin(), whole.rows.end());
        return WriteOutput("", Render(sub, Format::kCsv));
      }
      sub.title = fmt::format("Most frequent sub-paths ({} people; share = people following it / all)", table->people);
      whole.title = "\nMost frequent whole careers";
      return WriteOutput("", Render(sub, Format::kTable) + Render(whole, Format::kTable));
    };
  });
}

}  // namespace

void RegisterAnalysisCommands(CLI::App& app, Context& ctx) {
  RegisterTransitions(app, ctx);
  RegisterTitles(app, ctx);
  RegisterPaths(app, ctx);
  RegisterFlows(app, ctx);
  RegisterTenure(app, ctx);
  RegisterTracks(app, ctx);
  RegisterReport(app, ctx);
  RegisterPlanning(app, ctx);
  RegisterGaps(app, ctx);
  RegisterEvaluate(app, ctx);
  RegisterSequenceCommands(app, ctx);
}

}  // namespace careergraph::cli
