// `careergraph init` and `careergraph framework ...`: validate, load, list, show, export.
#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "careergraph/framework/export.h"
#include "careergraph/framework/loader.h"
#include "careergraph/store/sqlite_store.h"
#include "cli/commands.h"

namespace careergraph::cli {
namespace {

std::string TrackLine(const Framework& fw, const Track& t) {
  std::string chain;
  for (const Role* r : fw.RolesOfTrack(t.id)) chain += (chain.empty() ? "" : " → ") + r->name;
  return chain;
}

Status ShowFramework(const Framework& fw, const FrameworkInfo* info, Format format) {
  if (format == Format::kJson) return WriteOutput("", FrameworkToJson(fw));
  Table roles;
  roles.columns = {"role", "name", "track", "level", "aliases", "requires"};
  for (const Track& t : fw.tracks) {
    for (const Role* r : fw.RolesOfTrack(t.id)) {
      std::string aliases, req;
      for (const std::string& a : r->aliases) aliases += (aliases.empty() ? "" : "; ") + a;
      for (const Requirement& q : r->requirements) {
        req += fmt::format("{}{}={}", req.empty() ? "" : " ", q.competency, q.level);
      }
      roles.AddRow({r->id, r->name, r->track, int64_t{r->level}, aliases, req});
    }
  }
  if (format == Format::kCsv) return WriteOutput("", Render(roles, Format::kCsv));

  std::string out = fmt::format("Framework {} {} — {}\n", fw.id, fw.version, fw.name);
  if (info) out += fmt::format("Loaded {}{}\n", info->loaded_at, info->active ? " (active)" : "");
  out += "\nTracks (in level order)\n";
  for (const Track& t : fw.tracks) {
    out += fmt::format("  {:<12} {:<11} {}\n", t.id, "(" + t.kind + ")", TrackLine(fw, t));
  }
  out += "\nDestinations outside the framework\n";
  for (const Destination& d : fw.destinations) out += fmt::format("  {:<12} {}\n", d.id, d.name);
  out += "\nCompetencies\n";
  for (const Competency& c : fw.competencies) {
    out += fmt::format("  {:<24} {:<14} [{}, {}]  {}\n", c.id, c.group, c.scale_min, c.scale_max, c.name);
  }
  int typical = 0;
  int by_kind[6] = {};
  for (const Move& m : fw.moves) {
    typical += m.typical;
    ++by_kind[static_cast<int>(m.kind)];
  }
  out += fmt::format("\nMoves listed: {} ({} typical): {} promotions, {} step-backs, {} cross-track, "
                     "{} entries, {} exits\n",
                     fw.moves.size(), typical, by_kind[0], by_kind[1], by_kind[2], by_kind[3], by_kind[4]);
  auto rule = [](PolicyRule r) { return r == PolicyRule::kAny ? "any" : "listed"; };
  out += fmt::format("Policy for unlisted moves: cross_track={} step_back={} skip_level={} entry={} exit={}\n\n",
                     rule(fw.policy.cross_track), rule(fw.policy.step_back), rule(fw.policy.skip_level),
                     rule(fw.policy.entry), rule(fw.policy.exit));
  roles.title = "Roles";
  out += Render(roles, Format::kTable);
  return WriteOutput("", out);
}

void RegisterInit(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("init", "Create a store (or migrate an existing one to this version)");
  AddCommonOptions(cmd, &ctx, false);
  cmd->callback([&ctx] {
    ctx.run = [&ctx]() -> Status {
      Result<std::unique_ptr<Store>> store = OpenSqliteStore(ctx.db, OpenMode::kCreate);
      if (!store) return store.error();
      Result<StoreStats> stats = (*store)->Stats();
      if (!stats) return stats.error();
      CG_RETURN_IF_ERROR(WriteOutput("", fmt::format("store {} ready (schema version {}; {} frameworks, {} people, {} spells)\n",
                                                   ctx.db, stats->schema_version, stats->frameworks, stats->people, stats->spells)));
      return Status::Ok();
    };
  });
}

}  // namespace

void RegisterFrameworkCommands(CLI::App& app, Context& ctx) {
  RegisterInit(app, ctx);
  CLI::App* fw = app.add_subcommand("framework", "Career frameworks: validate, load, list, show, export");
  fw->require_subcommand(1);

  {
    auto files = std::make_shared<std::vector<std::string>>();
    CLI::App* cmd = fw->add_subcommand("validate", "Check framework files and report every problem");
    cmd->add_option("files", *files, "Framework TOML files")->required();
    cmd->callback([&ctx, files] {
      ctx.run = [files]() -> Status {
        std::string errors;
        for (const std::string& f : *files) {
          Result<Framework> r = LoadFrameworkFile(f);
          if (!r) {
            errors += (errors.empty() ? "" : "\n") + r.error().message();
            continue;
          }
          CG_RETURN_IF_ERROR(WriteOutput("", fmt::format("{}: ok — framework '{}' {}: {} tracks, {} roles, {} competencies, {} destinations, {} moves, {} claims\n",
                                                       f, r->id, r->version, r->tracks.size(), r->roles.size(), r->competencies.size(),
                                                       r->destinations.size(), r->moves.size(), r->claims.size())));
        }
        return errors.empty() ? Status::Ok() : Status::Invalid(errors);
      };
    });
  }
  {
    auto file = std::make_shared<std::string>();
    CLI::App* cmd = fw->add_subcommand("load", "Validate a framework file and store it as the active framework");
    cmd->add_option("file", *file, "Framework TOML file")->required();
    AddCommonOptions(cmd, &ctx, false);
    cmd->callback([&ctx, file] {
      ctx.run = [&ctx, file]() -> Status {
        std::string text;
        Result<Framework> r = LoadFrameworkFile(*file, &text);
        if (!r) return r.error();
        Result<std::unique_ptr<Store>> store = ctx.OpenStore();
        if (!store) return store.error();
        // Careers and assessments already stored must still make sense: every state and
        // competency they use must exist in the new framework.
        Result<std::vector<std::string>> states = (*store)->UsedStates();
        if (!states) return states.error();
        Result<std::vector<std::string>> competencies = (*store)->UsedCompetencies();
        if (!competencies) return competencies.error();
        std::string missing_states, missing_competencies;
        for (const std::string& s : *states) {
          if (!r->IsState(s)) missing_states += fmt::format("{}'{}'", missing_states.empty() ? "" : ", ", s);
        }
        for (const std::string& c : *competencies) {
          if (!r->FindCompetency(c)) {
            missing_competencies += fmt::format("{}'{}'", missing_competencies.empty() ? "" : ", ", c);
          }
        }
        std::string problems;
        if (!missing_states.empty()) {
          problems += fmt::format("{}: framework '{}' {} lacks roles or destinations that stored "
                                  "careers use: {}; keep them in the framework",
                                  *file, r->id, r->version, missing_states);
        }
        if (!missing_competencies.empty()) {
          problems += fmt::format("{}{}: framework '{}' {} lacks competencies that stored "
                                  "assessments use: {}; keep them in the framework",
                                  problems.empty() ? "" : "\n", *file, r->id, r->version,
                                  missing_competencies);
        }
        if (!problems.empty()) return Status::Invalid(problems + "\nthe store is unchanged");
        if (Status s = (*store)->SaveFramework(*r, text); !s.ok()) {
          return Status(s.code(), fmt::format("{}: {}\nthe store is unchanged", *file, s.message()));
        }
        CG_RETURN_IF_ERROR(WriteOutput("", fmt::format("loaded framework '{}' {} ({} tracks, {} roles) into {}; it is now active\n",
                                                     r->id, r->version, r->tracks.size(), r->roles.size(), ctx.db)));
        return Status::Ok();
      };
    });
  }
  {
    CLI::App* cmd = fw->add_subcommand("list", "List the framework versions in the store");
    AddCommonOptions(cmd, &ctx, true);
    cmd->callback([&ctx] {
      ctx.run = [&ctx]() -> Status {
        Result<Format> format = ctx.OutputFormat();
        if (!format) return format.error();
        Result<std::unique_ptr<Store>> store = ctx.OpenStore();
        if (!store) return store.error();
        Result<std::vector<FrameworkInfo>> list = (*store)->ListFrameworks();
        if (!list) return list.error();
        Table t;
        t.columns = {"id", "version", "name", "loaded_at", "active"};
        for (const FrameworkInfo& i : *list) t.AddRow({i.id, i.version, i.name, i.loaded_at, i.active});
        return WriteOutput("", Render(t, *format));
      };
    });
  }
  {
    auto id = std::make_shared<std::string>();
    auto version = std::make_shared<std::string>();
    CLI::App* cmd = fw->add_subcommand("show", "Show a stored framework: tracks in order, roles, competencies");
    cmd->add_option("id", *id, "Framework id (default: the active framework)");
    cmd->add_option("--version", *version, "Framework version (default: the newest of that id)");
    AddCommonOptions(cmd, &ctx, true);
    cmd->callback([&ctx, id, version] {
      ctx.run = [&ctx, id, version]() -> Status {
        Result<Format> format = ctx.OutputFormat();
        if (!format) return format.error();
        Result<std::unique_ptr<Store>> store = ctx.OpenStore();
        if (!store) return store.error();
        Result<StoredFramework> stored = (*store)->GetFramework(*id, *version);
        if (!stored) return stored.error();
        Result<Framework> fw = ParseFramework(stored->text, ctx.db);
        if (!fw) return fw.error();
        return ShowFramework(*fw, &stored->info, *format);
      };
    });
  }
  {
    auto id = std::make_shared<std::string>();
    auto version = std::make_shared<std::string>();
    auto out = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>("json");
    CLI::App* cmd = fw->add_subcommand("export", "Write a stored framework as JSON (docs/framework.schema.json) or TOML");
    cmd->add_option("id", *id, "Framework id (default: the active framework)");
    cmd->add_option("--version", *version, "Framework version (default: the newest of that id)");
    cmd->add_option("--format", *format, "json, toml, or source (the file exactly as loaded)")
        ->capture_default_str()
        ->check(CLI::IsMember({"json", "toml", "source"}));
    cmd->add_option("--out", *out, "Write to this file instead of stdout");
    cmd->add_option("--db", ctx.db, "The store: an SQLite file")->capture_default_str();
    cmd->callback([&ctx, id, version, out, format] {
      ctx.run = [&ctx, id, version, out, format]() -> Status {
        Result<std::unique_ptr<Store>> store = ctx.OpenStore();
        if (!store) return store.error();
        Result<StoredFramework> stored = (*store)->GetFramework(*id, *version);
        if (!stored) return stored.error();
        if (*format == "source") return WriteOutput(*out, stored->text);
        Result<Framework> fw = ParseFramework(stored->text, ctx.db);
        if (!fw) return fw.error();
        return WriteOutput(*out, *format == "json" ? FrameworkToJson(*fw) : FrameworkToToml(*fw));
      };
    });
  }
}

}  // namespace careergraph::cli
