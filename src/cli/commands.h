// The command table of the `careergraph` CLI: each area registers its subcommands on the
// CLI11 app; handlers return a Status that main() turns into a message and an exit code.
// Private to the command line.
#ifndef CAREERGRAPH_CLI_COMMANDS_H_
#define CAREERGRAPH_CLI_COMMANDS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "careergraph/base/status.h"
#include "careergraph/model/framework.h"
#include "careergraph/model/population.h"
#include "careergraph/store/store.h"
#include "cli/output.h"

namespace careergraph::cli {

// An open store and its active framework: what most commands start from.
struct Session {
  std::unique_ptr<Store> store;
  Framework framework;
};

// The store's contents at one data version, loaded once and shared by the commands that run
// against it (the server keeps one; see cli/api.h).
struct DataSnapshot {
  Framework framework;
  std::shared_ptr<const Population> population;
};

// Options every command shares, and what the chosen command will run.
struct Context {
  std::string db = "careergraph.db";
  std::string format = "table";
  std::function<Status()> run;  // set by the chosen subcommand's callback
  std::string program_dir;      // directory of the executable, for finding bundled files
  // When set (by the server), commands take the framework and the population from here instead
  // of parsing and loading them from the store on every run.
  std::shared_ptr<const DataSnapshot> snapshot;

  // Opens the store at --db; it must exist (init creates it).
  Result<std::unique_ptr<Store>> OpenStore() const;
  // The active framework, parsed from the text the store keeps.
  Result<Framework> ActiveFramework(Store& store) const;
  // OpenStore() and ActiveFramework() together.
  Result<Session> OpenSession() const;
  Result<Format> OutputFormat() const { return ParseFormat(format); }
};

// Adds --db and (when `with_format`) --format to a subcommand.
void AddCommonOptions(CLI::App* cmd, Context* ctx, bool with_format);

// Writes to stdout, or atomically to `path` when it is not empty.
Status WriteOutput(const std::string& path, const std::string& contents);

// Parses a date flag (--since, --as-of, ...); empty text gives nullopt; the message names the flag.
Result<std::optional<int32_t>> DateFlag(std::string_view flag, const std::string& text);

// Parses --where ATTR=VALUE flags; the message names the malformed one.
Result<std::vector<std::pair<std::string, std::string>>> WhereFlags(const std::vector<std::string>& flags);

// What every analysis starts from: the store, its active framework and the population, loaded
// once. An empty store is a user error for every analysis.
struct AnalysisInput {
  Session session;
  std::shared_ptr<const Population> population;  // never null
};
Result<AnalysisInput> OpenForAnalysis(const Context& ctx);

// Every command, on `app` (main.cc): what `careergraph` runs, and what the server runs per request.
void RegisterCommands(CLI::App& app, Context& ctx);

void RegisterFrameworkCommands(CLI::App& app, Context& ctx);
void RegisterCareerCommands(CLI::App& app, Context& ctx);
void RegisterAnalysisCommands(CLI::App& app, Context& ctx);
// Registered by RegisterAnalysisCommands; each lives in its own file.
void RegisterFlows(CLI::App& app, Context& ctx);    // commands_flows.cc
void RegisterTenure(CLI::App& app, Context& ctx);   // commands_tenure.cc
void RegisterTracks(CLI::App& app, Context& ctx);   // commands_tracks.cc
void RegisterReport(CLI::App& app, Context& ctx);   // commands_report.cc
// Planning: model fit/show, next, plan, evaluate (commands_plan.cc); gaps, readiness
// (commands_gaps.cc).
void RegisterPlanning(CLI::App& app, Context& ctx);
void RegisterGaps(CLI::App& app, Context& ctx);
void RegisterEvaluate(CLI::App& app, Context& ctx);  // commands_evaluate.cc
void RegisterServe(CLI::App& app, Context& ctx);     // commands_serve.cc

}  // namespace careergraph::cli

#endif  // CAREERGRAPH_CLI_COMMANDS_H_
