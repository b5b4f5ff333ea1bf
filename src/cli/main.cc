// careergraph: the command line. Subcommands come from the Register*Commands tables; this
// file parses, runs the chosen one and maps its Status to an exit code: 0 success, 1 a user
// error (bad input, unknown id, a file that cannot be read), 2 an internal error.
#include <cstdio>
#include <exception>
#include <filesystem>

#include <fmt/format.h>

#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace careergraph;
  cli::Context ctx;
  std::error_code ec;
  ctx.program_dir = std::filesystem::canonical("/proc/self/exe", ec).parent_path().string();

  CLI::App app{"careergraph: career frameworks, careers and how people really move.\n"
               "Start with `careergraph init`, `careergraph framework load FILE`, then\n"
               "`careergraph import FILE` or `careergraph simulate`.",
               "careergraph"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "careergraph 0.1.0");
  cli::RegisterCommands(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 1;
  }
  if (!ctx.run) {
    std::fputs(app.help().c_str(), stderr);
    return 1;
  }
  try {
    Status s = ctx.run();
    if (!s.ok()) {
      fmt::print(stderr, "{}\n", s.message());
      if (s.code() == StatusCode::kInternal) {
        fmt::print(stderr, "careergraph: internal error; please report it with the command line\n");
      }
      return ExitCodeFor(s);
    }
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "careergraph: out of memory\n");
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "careergraph: internal error: {}\n", e.what());
    return 2;
  }
  return 0;
}
