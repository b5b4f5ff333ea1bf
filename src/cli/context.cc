// The command line's shared pieces: the Context every command starts from, the table of all
// commands, and WriteOutput (which the server's CapturedOutput redirects). main() is in main.cc.
#include <fmt/format.h>

#include <cstdio>

#include "careergraph/base/file.h"
#include "careergraph/framework/loader.h"
#include "careergraph/store/sqlite_store.h"
#include "cli/commands.h"
#include "cli/output.h"

namespace careergraph::cli {

Result<std::unique_ptr<Store>> Context::OpenStore() const { return OpenSqliteStore(db, OpenMode::kMustExist); }

Result<Framework> Context::ActiveFramework(Store& store) const {
  Result<StoredFramework> stored = store.GetFramework();
  if (!stored) return Error(stored.error());
  return ParseFramework(stored->text, fmt::format("{} (framework {} {})", db, stored->info.id, stored->info.version));
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
