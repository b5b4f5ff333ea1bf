// careergraph: the command line. Subcommands come from the Register*Commands tables; this
// file parses, runs the chosen one and maps its Status to an exit code: 0 success, 1 a user
// error (bad input, unknown id, a file that cannot be read), 2 an internal error.
#include <cstdio>
#include <exception>
#include <filesystem>

#include <fmt/format.h>

#include "careergraph/base/file.h"
#include "careergraph/framework/loader.h"
#include "careergraph/store/sqlite_store.h"
#include "cli/commands.h"

namespace careergraph::cli {

Result<std::unique_ptr<Store>> Context::OpenStore() const {
  return OpenSqliteStore(db, OpenMode::kMustExist);
}

Result<Framework> Context::ActiveFramework(Store& store) const {
  Result<StoredFramework> stored = store.GetFramework();
  if (!stored) return Error(stored.error());
  return ParseFramework(stored->text, fmt::format("{} (framework {} {})", db, stored->info.id,
                                                  stored->info.version));
}

Result<Session> Context::OpenSession() const {
  Result<std::unique_ptr<Store>> store = OpenStore();
  if (!store) return Error(store.error());
  if (snapshot) return Session{std::move(*store), snapshot->framework};
  Result<Framework> fw = ActiveFramework(**store);
  if (!fw) return Error(fw.error());
  return Session{std::move(*store), std::move(*fw)};
}

void AddCommonOptions(CLI::App* cmd, Context* ctx, bool with_format) {
  cmd->add_option("--db", ctx->db, "The store: an SQLite file")->capture_default_str();
  if (with_format) {
    cmd->add_option("--format", ctx->format, "Output: table, json or csv")
        ->capture_default_str()
        ->check(CLI::IsMember({"table", "json", "csv"}));
  }
}

void RegisterCommands(CLI::App& app, Context& ctx) {
  RegisterFrameworkCommands(app, ctx);
  RegisterCareerCommands(app, ctx);
  RegisterAnalysisCommands(app, ctx);
  RegisterServe(app, ctx);
}

Status WriteOutput(const std::string& path, const std::string& contents) {
  if (CapturedOutput* capture = CapturedOutput::Current()) {
    if (path.empty() || path == "-") {
      capture->out += contents;
    } else {
      capture->files[path] = contents;
    }
    return Status::Ok();
  }
  if (path.empty() || path == "-") {
    std::fwrite(contents.data(), 1, contents.size(), stdout);
    return std::fflush(stdout) == 0 ? Status::Ok() : Status::IoError("writing to stdout failed");
  }
  return WriteFileAtomic(path, contents);
}

}  // namespace careergraph::cli

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
