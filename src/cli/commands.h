// The command table of the `careergraph` CLI: each area registers its subcommands on the
// CLI11 app; handlers return a Status that main() turns into a message and an exit code.
// Private to the command line.
#ifndef CAREERGRAPH_CLI_COMMANDS_H_
#define CAREERGRAPH_CLI_COMMANDS_H_

#include <functional>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "careergraph/base/status.h"
#include "careergraph/model/framework.h"
#include "careergraph/store/store.h"
#include "cli/output.h"

namespace careergraph::cli {

// An open store and its active framework: what most commands start from.
struct Session {
  std::unique_ptr<Store> store;
  Framework framework;
};

// Options every command shares, and what the chosen command will run.
struct Context {
  std::string db = "careergraph.db";
  std::string format = "table";
  std::function<Status()> run;  // set by the chosen subcommand's callback
  std::string program_dir;      // directory of the executable, for finding bundled files

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

void RegisterFrameworkCommands(CLI::App& app, Context& ctx);
void RegisterCareerCommands(CLI::App& app, Context& ctx);
void RegisterAnalysisCommands(CLI::App& app, Context& ctx);

}  // namespace careergraph::cli

#endif  // CAREERGRAPH_CLI_COMMANDS_H_
