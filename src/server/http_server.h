// HttpServer: the HTTP layer under `careergraph serve` — a thin adapter over
// cpp-httplib, so the rest of the server sees only these plain structs and
// could move to another library. Thread-safety: Start() once; the handler is
// called concurrently from the worker threads and must be thread-safe; Stop()
// may be called from any thread (a signal watcher, a test).
#ifndef CAREERGRAPH_SERVER_HTTP_SERVER_H_
#define CAREERGRAPH_SERVER_HTTP_SERVER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "careergraph/base/status.h"

namespace careergraph::server {

struct HttpRequest {
  std::string method;  // GET, POST, ...
  std::string path;    // decoded, without the query string
  std::string target;  // as sent, with the query string (for the access log)
  std::string remote_addr;
  // Query parameters in the order sent; a name may repeat.
  std::vector<std::pair<std::string, std::string>> params;
  std::string body;
  std::string content_type;
  std::string authorization;  // the Authorization header, or empty
  bool accepts_gzip = false;  // Accept-Encoding allows gzip
};

struct HttpResponse {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string log_note;  // appended to the access-log line (e.g. "cache=hit")
  // The body is gzip already (sent with Content-Encoding: gzip). Otherwise the server gzips a
  // compressible body of kGzipMinBytes or more itself when the client accepts it.
  bool gzipped = false;

  // The body, or its gzip form (`gzip`, when not empty) if the request accepts gzip.
  void SetBody(const HttpRequest& req, const std::string& plain, const std::string& gzip) {
    gzipped = req.accepts_gzip && !gzip.empty();
    body = gzipped ? gzip : plain;
  }
};

// The body of every error response, including those the HTTP library makes
// itself (a too large body, a malformed request line): {"error": {"code",
// "message", "field"}}.
std::string ErrorJson(std::string_view code, std::string_view message, std::string_view field = {});
// The code an HTTP status is given when the library answers on its own.
std::string_view ErrorCodeForStatus(int status);

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                    // 0: any free port (see HttpServer::port())
  size_t threads = 0;                 // worker threads, each serving one connection at a time; 0: 128
  size_t max_body_bytes = 32u << 20;  // larger bodies get 413
  int io_timeout_seconds = 10;        // reading a request, writing a response
  size_t keep_alive_max_requests = 20;
  std::string access_log = "-";  // a file, "-" (stderr) or "off"
};

class HttpServer {
 public:
  using Handler = std::function<void(const HttpRequest &, HttpResponse &)>;

  // `handler` answers every request (any method, any path).
  HttpServer(HttpServerOptions options, Handler handler);
  ~HttpServer();
  HttpServer(const HttpServer &) = delete;
  HttpServer &operator=(const HttpServer &) = delete;

  // Binds the address; kIoError with the reason when it cannot (port in use,
  // bad address).
  Status Bind();
  // Serves until Stop(); call after Bind().
  Status Run();
  void Stop();
  int port() const { return port_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

// The parameters of a query string (the part after '?'), in order:
// "a=1&b=x%20y&b" gives (a,1) (b,x y) (b,""). %XX and '+' are decoded; a
// malformed escape is kept as it is.
std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view query);

// True for 127.0.0.0/8, ::1 and "localhost": the addresses only this machine
// can reach.
bool IsLoopbackHost(std::string_view host);

}  // namespace careergraph::server

#endif  // CAREERGRAPH_SERVER_HTTP_SERVER_H_
