// `careergraph serve`: the HTTP/JSON API (cli/api.h) and the web UI, from one
// process.
#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <thread>

#include "careergraph/base/file.h"
#include "cli/api.h"
#include "cli/commands.h"
#include "server/http_server.h"
#include "server/static_files.h"

namespace careergraph::cli {

extern const char kOpenApiDocument[];  // docs/openapi.json, built in (openapi_doc.cc)

namespace {

// The token: the file's first line without surrounding white space; at least 16
// characters.
Result<std::string> ReadToken(const std::string &path) {
  Result<std::string> text = ReadFile(path);
  if (!text) return Error(Status(text.error().code(), fmt::format("--token-file: {}", text.error().message())));
  std::string token = text->substr(0, text->find('\n'));
  const size_t b = token.find_first_not_of(" \t\r");
  const size_t e = token.find_last_not_of(" \t\r");
  token = b == std::string::npos ? "" : token.substr(b, e - b + 1);
  if (token.size() < 16) {
    return Error(
        Status::Invalid(fmt::format("--token-file {}: the token (its first line) has {} "
                                    "characters; use at least 16, e.g. from "
                                    "`head -c 24 /dev/urandom | base64`",
                                    path, token.size())));
  }
  for (char c : token) {
    if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e) {
      return Error(
          Status::Invalid(fmt::format("--token-file {}: the token may hold only visible ASCII characters", path)));
    }
  }
  return token;
}

}  // namespace

void RegisterServe(CLI::App &app, Context &ctx) {
  struct Opts {
    std::string host = "127.0.0.1", token_file, web_root, access_log = "-";
    int port = 8080;
    size_t threads = 0, max_body_mib = 32, cache_mib = 64;
    double request_timeout = 30;
  };
  auto o = std::make_shared<Opts>();
  CLI::App *cmd = app.add_subcommand("serve",
                                     "The HTTP/JSON API (/api/v1/, the same JSON as the commands) "
                                     "and the web UI (/), from one process; "
                                     "writes need the token of --token-file");
  cmd->add_option("--host", o->host, "Address to listen on; off loopback, reads need the token too")
      ->capture_default_str();
  cmd->add_option("--port", o->port, "Port (0: any free port, printed at start)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--token-file", o->token_file,
                  "File whose first line is the bearer token that writes "
                  "(import, frameworks, assessments) need; "
                  "without it writes are refused");
  cmd->add_option("--web-root", o->web_root,
                  "Directory of the web UI's built files (default: web/ beside "
                  "the executable)");
  cmd->add_option(
         "--threads", o->threads,
         "Worker threads: each serves one connection at a time, so this many clients are served at once (0: 128)")
      ->capture_default_str();
  cmd->add_option("--max-body", o->max_body_mib, "Largest request body, in MiB (larger: 413)")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  cmd->add_option("--request-timeout", o->request_timeout,
                  "Seconds a request may wait for a free worker, and long work "
                  "may run, before it is cancelled")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 3600.0));
  cmd->add_option("--cache", o->cache_mib, "Memory for cached answers, in MiB (0: no cache)")->capture_default_str();
  cmd->add_option("--access-log", o->access_log, "Access log: a file, - (stderr) or off")->capture_default_str();
  AddCommonOptions(cmd, &ctx, false);
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o]() -> Status {
      ApiOptions api;
      api.db = ctx.db;
      if (!o->token_file.empty()) {
        Result<std::string> token = ReadToken(o->token_file);
        if (!token) return token.error();
        api.token = std::move(*token);
      }
      api.reads_need_token = !server::IsLoopbackHost(o->host);
      if (api.reads_need_token && api.token.empty()) {
        return Status::Invalid(
            fmt::format("--host {}: off loopback every request needs a token; "
                        "give --token-file (or listen on 127.0.0.1)",
                        o->host));
      }
      api.request_timeout_seconds = o->request_timeout;
      api.cache_bytes = o->cache_mib << 20;
      api.openapi = kOpenApiDocument;

      std::optional<server::StaticFiles> web;
      std::string web_root = o->web_root;
      if (web_root.empty()) {
        const std::string bundled = ctx.program_dir + "/web";
        if (std::filesystem::is_directory(bundled)) web_root = bundled;
      }
      if (!web_root.empty()) {
        Result<server::StaticFiles> files = server::StaticFiles::Load(web_root);
        if (!files) return files.error();
        web = std::move(*files);
      }
      const std::string web_note = web ? fmt::format("web UI from {}", web->root()) : "no web UI (not built)";

      Result<std::unique_ptr<Api>> service = Api::Open(std::move(api), std::move(web));
      if (!service) return service.error();

      server::HttpServerOptions http;
      http.host = o->host;
      http.port = o->port;
      http.threads = o->threads;
      http.max_body_bytes = o->max_body_mib << 20;
      http.access_log = o->access_log;
      Api *handler = service->get();
      server::HttpServer srv(
          http, [handler](const server::HttpRequest &req, server::HttpResponse &res) { handler->Handle(req, res); });

      // SIGINT and SIGTERM stop the server: blocked here before any worker
      // thread starts (so they inherit the mask), and waited for by one thread.
      sigset_t stop_signals;
      sigemptyset(&stop_signals);
      sigaddset(&stop_signals, SIGINT);
      sigaddset(&stop_signals, SIGTERM);
      pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
      CG_RETURN_IF_ERROR(srv.Bind());
      std::thread([&srv, stop_signals] {
        int sig = 0;
        sigwait(&stop_signals, &sig);
        srv.Stop();
      }).detach();

      const std::string host = o->host.find(':') != std::string::npos ? "[" + o->host + "]" : o->host;
      fmt::print(
          "careergraph serve: http://{}:{}/ — API at /api/v1/, {}; "
          "writes {}; {} (Ctrl-C stops)\n",
          host, srv.port(), web_note,
          handler == nullptr || o->token_file.empty() ? "disabled (no --token-file)" : "need the token", ctx.db);
      std::fflush(stdout);
      Status s = srv.Run();
      fmt::print("careergraph serve: stopped\n");
      return s;
    };
  });
}

}  // namespace careergraph::cli
