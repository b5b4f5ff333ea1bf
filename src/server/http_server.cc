#include "server/http_server.h"

#include "server/gzip.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <spdlog/async.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace careergraph::server {

std::string ErrorJson(std::string_view code, std::string_view message, std::string_view field) {
  nlohmann::ordered_json j;
  j["error"]["code"] = code;
  j["error"]["message"] = message;
  j["error"]["field"] = field.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(field);
  // A message may quote the request's own bytes, which need not be UTF-8.
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string_view ErrorCodeForStatus(int status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 408:
      return "request_timeout";
    case 409:
      return "conflict";
    case 413:
      return "payload_too_large";
    case 414:
      return "uri_too_long";
    case 415:
      return "unsupported_media_type";
    case 416:
      return "range_not_satisfiable";
    case 503:
      return "unavailable";
    default:
      return status >= 500 ? "internal" : "bad_request";
  }
}

bool IsLoopbackHost(std::string_view host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  in_addr a{};
  const std::string h(host);
  if (inet_pton(AF_INET, h.c_str(), &a) == 1) return (ntohl(a.s_addr) >> 24) == 127;
  return false;
}

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded decoding: %XX and '+' for a space (a
// malformed escape is kept as it is).
std::string Decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    if (!part.empty()) {
      const size_t eq = part.find('=');
      params.emplace_back(Decode(part.substr(0, eq)), eq == std::string_view::npos ? "" : Decode(part.substr(eq + 1)));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return params;
}

namespace {

thread_local double t_handler_ms = -1;  // how long our handler took, for the access log
thread_local const char *t_note = nullptr;

// The access log is asynchronous: a worker formats its line and queues it; one spdlog thread
// writes (and, for a file, flushes every second), so no request waits on the disk. A full queue
// (8,192 lines) makes workers wait rather than lose lines.
std::shared_ptr<spdlog::logger> MakeAccessLog(const std::string &where) {
  if (where == "off") return nullptr;
  spdlog::sink_ptr sink;
  if (where == "-" || where.empty()) {
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  } else {
    sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(where);
  }
  static std::once_flag pool_once;
  std::call_once(pool_once, [] { spdlog::init_thread_pool(8192, 1); });
  auto log = std::make_shared<spdlog::async_logger>("access", std::move(sink), spdlog::thread_pool(),
                                                    spdlog::async_overflow_policy::block);
  log->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %v", spdlog::pattern_time_type::utc);
  spdlog::drop("access");
  spdlog::register_logger(log);
  spdlog::flush_every(std::chrono::seconds(1));
  return log;
}

}  // namespace

struct HttpServer::Impl {
  HttpServerOptions options;
  Handler handler;
  httplib::Server server;
  std::shared_ptr<spdlog::logger> log;
};

HttpServer::HttpServer(HttpServerOptions options, Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
}

HttpServer::~HttpServer() {
  if (impl_->log) impl_->log->flush();
}

Status HttpServer::Bind() {
  Impl &im = *impl_;
  const HttpServerOptions &o = im.options;
  try {
    im.log = MakeAccessLog(o.access_log);
  } catch (const spdlog::spdlog_ex &e) {
    return Status::IoError(fmt::format("--access-log {}: {}", o.access_log, e.what()));
  }
  // A connection holds its worker while it is kept alive, so the workers bound the connections
  // served at once (others wait their turn; see docs/performance.md).
  const size_t threads = o.threads == 0 ? 128 : o.threads;
  im.server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  im.server.set_payload_max_length(o.max_body_bytes);
  im.server.set_read_timeout(o.io_timeout_seconds, 0);
  im.server.set_write_timeout(o.io_timeout_seconds, 0);
  im.server.set_keep_alive_max_count(o.keep_alive_max_requests);
  im.server.set_keep_alive_timeout(5);
  // Small answers go out at once: without TCP_NODELAY, Nagle's algorithm and
  // the client's delayed ACK hold each keep-alive response back ~40 ms.
  im.server.set_tcp_nodelay(true);

  auto route = [&im](const httplib::Request &req, httplib::Response &res) {
    const auto start = std::chrono::steady_clock::now();
    HttpRequest r;
    r.method = req.method;
    r.path = req.path;
    r.target = req.target;
    r.remote_addr = req.remote_addr;
    // From the query string only: the library also parses form bodies into its
    // params.
    const size_t q = req.target.find('?');
    if (q != std::string::npos) r.params = ParseQuery(std::string_view(req.target).substr(q + 1));
    r.body = req.body;
    r.accepts_gzip = AcceptsGzip(req.get_header_value("Accept-Encoding"));
    // The library would compress the answer itself (brotli at its slowest setting: seconds for
    // a large answer, on every request); this layer compresses instead, once per cached answer.
    const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");
    r.content_type = req.get_header_value("Content-Type");
    r.authorization = req.get_header_value("Authorization");
    HttpResponse out;
    try {
      im.handler(r, out);
    } catch (const std::exception &e) {
      out = HttpResponse{};
      out.status = 500;
      out.body = ErrorJson("internal", fmt::format("internal error: {}", e.what()));
    }
    res.status = out.status;
    for (const auto &[k, v] : out.headers) res.set_header(k, v);
    if (Compressible(out.content_type)) {
      res.set_header("Vary", "Accept-Encoding");
      if (!out.gzipped && r.accepts_gzip && out.body.size() >= kGzipMinBytes) {
        std::string z = GzipCompress(out.body);
        if (!z.empty()) {
          out.body = std::move(z);
          out.gzipped = true;
        }
      }
    }
    if (out.gzipped) res.set_header("Content-Encoding", "gzip");
    res.set_content(std::move(out.body), out.content_type.c_str());
    t_handler_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    static thread_local std::string note;
    note = std::move(out.log_note);
    t_note = note.c_str();
  };
  // Every method reaches the one handler, which answers 405 where a route has
  // no such method.
  im.server.Get(".*", route);  // and HEAD
  im.server.Post(".*", route);
  im.server.Put(".*", route);
  im.server.Delete(".*", route);
  im.server.Patch(".*", route);
  im.server.Options(".*", route);
  // Answers the library makes itself (413, 414, a malformed request) get the
  // same JSON errors.
  im.server.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request &req, httplib::Response &res) {
        const_cast<httplib::Request &>(req).headers.erase("Accept-Encoding");  // as above
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        std::string_view message = "the request could not be read";
        if (res.status == 413) {
          message = req.get_header_value("Content-Type").find("x-www-form-urlencoded") != std::string::npos
                    ? "a form-encoded body is limited to 8 KiB: send the file with its own Content-Type "
                      "(text/csv, application/json or application/toml)"
                    : "the request body is larger than the server accepts (--max-body)";
    }
        if (res.status == 414) message = "the request target is too long";
        if (res.status == 404) message = "no such route";
        res.set_content(ErrorJson(ErrorCodeForStatus(res.status), message), "application/json");
        return httplib::Server::HandlerResponse::Handled;
      }));
  im.server.set_exception_handler([](const httplib::Request &, httplib::Response &res, std::exception_ptr) {
    res.status = 500;
    res.set_content(ErrorJson("internal", "internal error"), "application/json");
  });
  if (im.log) {
    im.server.set_logger([&im](const httplib::Request &req, const httplib::Response &res) {
      const double ms = t_handler_ms;
      t_handler_ms = -1;
      const char *note = t_note;
      t_note = nullptr;
      im.log->info("{} \"{} {}\" {} {} {}{}{}", req.remote_addr, req.method, req.target, res.status, res.body.size(),
                   ms < 0 ? std::string("-") : fmt::format("{:.3f}ms", ms), note && *note ? " " : "", note ? note : "");
    });
  }

  // The library listens with a backlog of 5: under many connections (or connections that come
  // and go) further SYNs are dropped and clients wait a second or more to retry. Its socket
  // options hook hands us the socket before it binds; after it listens, we listen again with a
  // real backlog (Linux lets a listening socket change its backlog).
  auto listen_fd = std::make_shared<int>(-1);
  im.server.set_socket_options([listen_fd](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    *listen_fd = sock;
  });
  auto widen_backlog = [listen_fd] {
    if (*listen_fd >= 0) ::listen(*listen_fd, SOMAXCONN);
  };
  if (o.port == 0) {
    port_ = im.server.bind_to_any_port(o.host);
    widen_backlog();
    if (port_ < 0) return Status::IoError(fmt::format("cannot listen on {}: no free port", o.host));
  } else {
    if (!im.server.bind_to_port(o.host, o.port)) {
      return Status::IoError(
          fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)", o.host, o.port));
    }
    port_ = o.port;
    widen_backlog();
  }
  return Status::Ok();
}

Status HttpServer::Run() {
  if (!impl_->server.listen_after_bind()) return Status::IoError("the server stopped unexpectedly");
  return Status::Ok();
}

void HttpServer::Stop() { impl_->server.stop(); }

}  // namespace careergraph::server
