// Fuzzes the HTTP API's dispatch (cli/api.h): a method, a request target (path and query string)
// and a body, against a small simulated store and a web root. Covers the route match, the
// mapping of query parameters onto the commands' options (CLI11), the commands themselves with
// whatever values get through, the static files, and the error answers.
// Properties: no crash or sanitizer report; never a 5xx (no user input may cause one); every
// error is a JSON {"error": {"code", "message", ...}} with both non-empty; every JSON answer
// parses. The server has no token, so no request can write: the store stays as it was.
#include <stdlib.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "cli/api.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "fuzz_util.h"
#include "server/http_server.h"

namespace {

std::unique_ptr<careergraph::cli::Api> g_api;

void RunCommand(std::vector<std::string> args) {
  using namespace careergraph;
  CLI::App app;
  cli::Context ctx;
  cli::RegisterCommands(app, ctx);
  std::reverse(args.begin(), args.end());
  app.parse(args);
  cli::CapturedOutput quiet(std::chrono::steady_clock::now() + std::chrono::hours(1));
  Status s = ctx.run();
  if (!s.ok()) fuzz::Fail("setting up the store failed", s.message());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  using namespace careergraph;
  namespace fs = std::filesystem;
  std::string dir = (fs::temp_directory_path() / "cg-fuzz-api-XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) fuzz::Fail("mkdtemp", dir);
  const std::string db = dir + "/fuzz.db";
  const std::string src = CG_SOURCE_DIR;
  RunCommand({"init", "--db=" + db});
  RunCommand({"framework", "load", "--db=" + db, src + "/frameworks/infrastructure.toml"});
  RunCommand({"simulate", "--db=" + db, "--people=120", "--seed=5", "--start=2008", "--end=2024",
              "--model=" + src + "/frameworks/infrastructure.mobility.toml"});
  RunCommand({"import", "--db=" + db, "--assessments=" + src + "/examples/commenter/assessments.csv",
              src + "/examples/commenter/careers.csv"});
  fs::create_directories(dir + "/web/assets");
  std::ofstream(dir + "/web/index.html") << "<!doctype html><title>fuzz</title>";
  std::ofstream(dir + "/web/assets/app.js") << "void 0;";
  Result<server::StaticFiles> web = server::StaticFiles::Load(dir + "/web");
  if (!web) fuzz::Fail("web root", web.error().message());
  cli::ApiOptions options;
  options.db = db;
  options.openapi = "{}";
  options.cache_bytes = 1 << 20;
  Result<std::unique_ptr<cli::Api>> api = cli::Api::Open(options, std::move(*web));
  if (!api) fuzz::Fail("opening the API", api.error().message());
  g_api = std::move(*api);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace careergraph;
  if (size == 0 || size > 4096) return 0;
  static constexpr const char* kMethods[] = {"GET", "GET", "GET", "HEAD", "POST", "DELETE", "PUT", "OPTIONS"};
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  server::HttpRequest req;
  req.method = kMethods[data[0] % 8];
  const size_t nl = text.find('\n');
  const std::string_view target = text.substr(0, nl);
  if (nl != std::string_view::npos) req.body = std::string(text.substr(nl + 1));
  const size_t q = target.find('?');
  req.path = std::string(target.substr(0, q));
  req.target = std::string(target);
  if (q != std::string_view::npos) req.params = server::ParseQuery(target.substr(q + 1));
  req.remote_addr = "127.0.0.1";
  req.content_type = data[0] & 8 ? "application/json" : "text/csv";

  server::HttpResponse res;
  g_api->Handle(req, res);
  if (res.status < 200 || res.status >= 500)
    fuzz::Fail("a 5xx (or no status) for a request", req.target + "\n" + res.body);
  const bool json = res.content_type == "application/json";
  if (res.status >= 400) {
    if (!json) fuzz::Fail("an error that is not JSON", res.body);
    nlohmann::json j = nlohmann::json::parse(res.body, nullptr, false);
    if (j.is_discarded() || !j.contains("error") || !j["error"]["code"].is_string() ||
        !j["error"]["message"].is_string() || j["error"]["code"].get<std::string>().empty() ||
        j["error"]["message"].get<std::string>().empty()) {
      fuzz::Fail("a malformed error body", res.body);
    }
  } else if (json && nlohmann::json::parse(res.body, nullptr, false).is_discarded()) {
    fuzz::Fail("a JSON answer that does not parse", req.target + "\n" + res.body.substr(0, 2000));
  }
  return 0;
}
