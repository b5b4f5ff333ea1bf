// The HTTP API of `careergraph serve`: routes under /api/v1 that run the
// command line's own commands — the same options, the same JSON, the same code
// — against a snapshot of the store loaded once per data version, with answers
// cached per version; and the web UI's files at /. Private to the command line
// (the HTTP layer itself is server/http_server.h). Thread-safety: Handle() may
// be called from many threads at once.
#ifndef CAREERGRAPH_CLI_API_H_
#define CAREERGRAPH_CLI_API_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <semaphore>
#include <string>
#include <string_view>
#include <vector>

#include "careergraph/base/status.h"
#include "careergraph/store/store.h"
#include "cli/commands.h"
#include "server/http_server.h"
#include "server/response_cache.h"
#include "server/static_files.h"

namespace careergraph::cli {

// One route: a method and path, and the command it runs. Query parameters are
// the command's long options without the dashes
// (`?as-of=2020&by-destination=true`); a repeatable option repeats the
// parameter (`?where=grade=3&where=site=Leeds`).
struct ApiRoute {
  enum class Kind {
    kCommand,  // runs `command` and answers with what it prints
    kUpload,   // POST: the body is a file the command reads (the `upload` kind)
    kHealth,   // the server's state: data version, people, framework
    kOpenApi,  // the OpenAPI document
    kIndex,    // the list of routes
  };
  enum class Upload { kNone, kCareers, kAssessments, kFramework };

  std::string_view method;
  std::string_view path;  // a trailing "/{id}" takes one path segment as `positional`
  Kind kind = Kind::kCommand;
  std::vector<std::string_view> command;  // the subcommand path, e.g. {"people", "show"}
  std::string_view summary;
  std::string_view positional;    // the parameter given to the command as its
                                  // positional argument
  std::string_view extra_format;  // "svg" or "html": the file the command can also write
  bool own_format = false;        // `format` is the command's own (export: csv, json, toml ...)
  // Options of the command the route does not take (beside the ones no route takes): e.g. the
  // `seq` commands' --states/--id/--weight/--alphabet, which only make sense with --input.
  std::vector<std::string_view> excluded;
  Upload upload = Upload::kNone;

  bool writes() const { return kind == Kind::kUpload; }
};

// Every route, in the order the docs list them.
const std::vector<ApiRoute> &ApiRoutes();
// The query parameters a route accepts (GET /api/v1 lists them; the OpenAPI
// test checks them).
std::vector<std::string> ParametersOf(const ApiRoute &route);

struct ApiOptions {
  std::string db;
  std::string token;  // empty: every write is refused (403)
  bool reads_need_token = false;
  double request_timeout_seconds = 30;
  size_t cache_bytes = 64u << 20;
  size_t max_params = 64;         // query parameters per request
  size_t max_param_bytes = 4096;  // name + value of one parameter
  size_t compute_slots = 0;       // uncached commands run at once; 0: the number of cores
  std::string openapi;            // served at /api/v1/openapi.json
};

class Api {
 public:
  // kNotFound when the store does not exist.
  static Result<std::unique_ptr<Api>> Open(ApiOptions options, std::optional<server::StaticFiles> web);
  ~Api();

  void Handle(const server::HttpRequest &req, server::HttpResponse &res);

  // The data version: starts at 1 and grows whenever the store changes (an
  // import through the API, or another process writing to the store — seen
  // within `kRecheck`).
  uint64_t DataVersion(bool recheck_now = false);

 private:
  Api(ApiOptions options, std::optional<server::StaticFiles> web, std::unique_ptr<Store> watcher);

  struct Answer;
  Answer RunRoute(const ApiRoute &route, const server::HttpRequest &req, std::string_view path_arg,
                  std::shared_ptr<const DataSnapshot> snapshot);
  Answer RunUpload(const ApiRoute &route, const server::HttpRequest &req);
  Result<std::shared_ptr<const DataSnapshot>> Snapshot(uint64_t version);
  void Health(server::HttpResponse &res);
  // --request-timeout: how long a request may wait for a compute slot, and run.
  std::chrono::milliseconds Timeout() const {
    return std::chrono::milliseconds(static_cast<int64_t>(options_.request_timeout_seconds * 1000));
  }

  const ApiOptions options_;
  const std::optional<server::StaticFiles> web_;
  server::ResponseCache cache_;
  std::counting_semaphore<1024> compute_;

  std::mutex watch_mu_;
  std::unique_ptr<Store> watcher_;  // its own connection, only for ChangeCounter()
  uint64_t counter_ = 0;
  std::atomic<uint64_t> version_{1};
  std::atomic<int64_t> last_check_ns_{0};

  std::mutex snapshot_mu_;
  std::shared_ptr<const DataSnapshot> snapshot_;
  uint64_t snapshot_version_ = 0;
};

}  // namespace careergraph::cli

#endif  // CAREERGRAPH_CLI_API_H_
