#include "cli/api.h"

#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iterator>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>
#include <utility>

#include "careergraph/analysis/survival.h"
#include "careergraph/base/date.h"
#include "careergraph/base/file.h"
#include "careergraph/store/sqlite_store.h"
#include "cli/output.h"
#include "server/gzip.h"

namespace careergraph::cli {

using server::HttpRequest;
using server::HttpResponse;
using Kind = ApiRoute::Kind;
using Upload = ApiRoute::Upload;
using J = nlohmann::ordered_json;

namespace {

constexpr std::string_view kApi = "/api/v1";
// How often the store is asked whether another process changed it.
constexpr auto kRecheck = std::chrono::milliseconds(200);

// Options a request may not set: they name files on the server or the store
// itself, write to the store (save-attribute), or size the server's threads.
bool Forbidden(std::string_view name) {
  for (std::string_view f : {"db", "out", "svg", "html", "model", "map", "assessments", "help", "token-file", "input",
                             "recode", "sm-file", "save-attribute", "threads"}) {
    if (name == f) return true;
  }
  return false;
}

bool Excluded(const ApiRoute &route, std::string_view name) {
  return std::find(route.excluded.begin(), route.excluded.end(), name) != route.excluded.end();
}

// Parameters that drive the cost of one request, with the most a request may
// ask for.
struct Cap {
  std::string_view name;
  double most;
};
constexpr Cap kCaps[] = {{"k", 50},       {"bootstrap", 200},   {"null-samples", 999},
                         {"max-steps", 50}, {"max-matrix", 20000}, {"samples", 500}};

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
      return 409;
    case StatusCode::kCancelled:
      return 503;
    case StatusCode::kIoError:
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

// The parameter an error is about: the first `--name` in the message, as a
// parameter name.
std::string FieldOf(std::string_view message) {
  const size_t at = message.find("--");
  if (at == std::string_view::npos) return {};
  size_t end = at + 2;
  while (end < message.size() && (std::isalnum(static_cast<unsigned char>(message[end])) || message[end] == '-')) ++end;
  if (end == at + 2) return {};
  return std::string(message.substr(at + 2, end - at - 2));
}

void SetError(HttpResponse &res, int status, std::string_view code, std::string_view message,
              std::string_view field = {}) {
  res.status = status;
  res.content_type = "application/json";
  res.body = server::ErrorJson(code, message, field);
}

std::string_view ContentTypeForFormat(std::string_view format) {
  if (format == "json") return "application/json";
  if (format == "csv") return "text/csv; charset=utf-8";
  if (format == "svg") return "image/svg+xml";
  if (format == "html") return "text/html; charset=utf-8";
  return "text/plain; charset=utf-8";  // table, toml, source
}

// Compares in time independent of where the strings differ (only the length may
// show).
bool SameToken(std::string_view given, std::string_view token) {
  if (token.empty() || given.size() != token.size()) return false;
  unsigned diff = 0;
  for (size_t i = 0; i < token.size(); ++i) {
    diff |= static_cast<unsigned char>(given[i]) ^ static_cast<unsigned char>(token[i]);
  }
  return diff == 0;
}

// "careers.csv:3:7: message" lines of a diagnostic message, as JSON.
J DetailsOf(std::string_view message) {
  static const std::regex kLine(R"(^([^:\n]+):(\d+)(?::(\d+))?: (.*)$)");
  J details = J::array();
  size_t start = 0;
  while (start < message.size()) {
    size_t end = message.find('\n', start);
    if (end == std::string_view::npos) end = message.size();
    const std::string line(message.substr(start, end - start));
    std::smatch m;
    if (std::regex_match(line, m, kLine)) {
      details.push_back({{"file", m[1].str()},
                         {"line", std::stoul(m[2].str())},
                         {"column", m[3].matched ? std::stoul(m[3].str()) : 0},
                         {"message", m[4].str()}});
    }
    start = end + 1;
  }
  return details;
}

// The error body of a command that failed with `s`: its code ("timeout" when cancelled at the
// time limit), `message` (the status's, or a rewritten copy), `field`, and the line-numbered
// details the message holds.
std::string StatusErrorJson(const Status &s, const std::string &message, std::string_view field) {
  J j;
  j["error"]["code"] = s.code() == StatusCode::kCancelled ? "timeout" : std::string(s.CodeName());
  j["error"]["message"] = message;
  j["error"]["field"] = field.empty() ? J(nullptr) : J(field);
  J details = DetailsOf(message);
  if (!details.empty()) j["error"]["details"] = std::move(details);
  return j.dump(-1, ' ', false, J::error_handler_t::replace) + "\n";
}

// One of the slots that bound how many commands run at once, held until destroyed (also when
// the command throws).
class ComputeSlot {
 public:
  static std::optional<ComputeSlot> Take(std::counting_semaphore<1024> &slots, std::chrono::milliseconds wait) {
    if (!slots.try_acquire_for(wait)) return std::nullopt;
    return std::optional<ComputeSlot>(std::in_place, slots);
  }
  explicit ComputeSlot(std::counting_semaphore<1024> &slots) : slots_(&slots) {}
  ComputeSlot(ComputeSlot &&other) noexcept : slots_(std::exchange(other.slots_, nullptr)) {}
  ComputeSlot(const ComputeSlot &) = delete;
  ComputeSlot &operator=(const ComputeSlot &) = delete;
  ComputeSlot &operator=(ComputeSlot &&) = delete;
  ~ComputeSlot() {
    if (slots_) slots_->release();
  }

 private:
  std::counting_semaphore<1024> *slots_;
};

void ReplaceAll(std::string &s, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

// A file name a client may give an upload: its last path component, letters,
// digits, '.', '-' and '_' only.
std::string SafeFileName(std::string_view name) {
  const size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string out;
  for (char c : name.substr(0, 100)) {
    out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') ? c : '_';
  }
  if (out.empty() || out[0] == '.') out.insert(out.begin(), 'u');
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string TrimmedMessage(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

const std::vector<ApiRoute> &ApiRoutes() {
  static const std::vector<ApiRoute> kRoutes = [] {
    std::vector<ApiRoute> r;
    auto get = [&r](std::string_view path, std::vector<std::string_view> command,
                    std::string_view summary) -> ApiRoute & {
      ApiRoute route;
      route.method = "GET";
      route.path = path;
      route.command = std::move(command);
      route.summary = summary;
      return r.emplace_back(std::move(route));
    };
    ApiRoute &index = get("/api/v1", {}, "The routes of this API");
    index.kind = Kind::kIndex;
    get("/api/v1/health", {}, "The server's state: data version, people, active framework").kind = Kind::kHealth;
    get("/api/v1/openapi.json", {}, "This API as an OpenAPI 3 document").kind = Kind::kOpenApi;
    get("/api/v1/summary", {"summary"}, "careergraph summary: people, spells, headcount by track and role");
    get("/api/v1/frameworks", {"framework", "list"}, "careergraph framework list");
    get("/api/v1/framework", {"framework", "show"}, "careergraph framework show [ID] [--version V]").positional = "id";
    ApiRoute &fexport = get("/api/v1/framework/export", {"framework", "export"},
                            "careergraph framework export (format: json, toml or source)");
    fexport.positional = "id";
    fexport.own_format = true;
    get("/api/v1/people", {"people", "list"}, "careergraph people list");
    get("/api/v1/attributes", {"people", "attributes"},
        "careergraph people attributes: each person attribute's values and how many people have each");
    get("/api/v1/people/{id}", {"people", "show"}, "careergraph people show ID: one person's timeline").positional =
        "id";
    get("/api/v1/export", {"export"}, "careergraph export: every career (format: csv or json)").own_format = true;
    get("/api/v1/transitions", {"transitions"}, "careergraph transitions");
    get("/api/v1/flows", {"flows"}, "careergraph flows (format=svg: the Sankey diagram)").extra_format = "svg";
    get("/api/v1/tenure", {"tenure"}, "careergraph tenure (format=svg: the curves)").extra_format = "svg";
    get("/api/v1/titles", {"titles"}, "careergraph titles");
    get("/api/v1/paths", {"paths"}, "careergraph paths");
    get("/api/v1/tracks", {"tracks", "discover"}, "careergraph tracks discover");
    get("/api/v1/report", {"report"}, "careergraph report (format=html: the self-contained HTML report)").extra_format =
        "html";
    get("/api/v1/model", {"model", "show"}, "careergraph model show: the fitted mobility model");
    get("/api/v1/next", {"next"}, "careergraph next");
    get("/api/v1/plan", {"plan"}, "careergraph plan");
    get("/api/v1/gaps", {"gaps"}, "careergraph gaps");
    get("/api/v1/readiness", {"readiness"}, "careergraph readiness");
    get("/api/v1/evaluate", {"evaluate"}, "careergraph evaluate");
    // The seq commands read the store here: their wide-file options go with --input.
    const std::vector<std::string_view> wide_only = {"states", "id", "weight", "alphabet"};
    get("/api/v1/seq/describe", {"seq", "describe"},
        "careergraph seq describe: TraMineR's descriptive statistics of the careers as state sequences")
        .excluded = wide_only;
    ApiRoute &seq_cluster = get("/api/v1/seq/cluster", {"seq", "cluster"},
                                "careergraph seq cluster: types of careers (format=svg: the index plot by cluster)");
    seq_cluster.extra_format = "svg";
    seq_cluster.excluded = wide_only;
    ApiRoute &seq_plot = get("/api/v1/seq/plot", {"seq", "plot"}, "careergraph seq plot (format=svg: the picture)");
    seq_plot.extra_format = "svg";
    seq_plot.excluded = wide_only;
    auto post = [&r](std::string_view path, std::vector<std::string_view> command, Upload upload,
                     std::string_view summary) {
      ApiRoute route;
      route.method = "POST";
      route.path = path;
      route.kind = Kind::kUpload;
      route.command = std::move(command);
      route.upload = upload;
      route.summary = summary;
      r.push_back(std::move(route));
    };
    post("/api/v1/import", {"import"}, Upload::kCareers,
         "careergraph import FILE [--replace]: the body is the careers file "
         "(CSV or JSON)");
    post("/api/v1/assessments", {"import"}, Upload::kAssessments,
         "careergraph import --assessments FILE: the body is the assessments "
         "CSV");
    post("/api/v1/frameworks", {"framework", "load"}, Upload::kFramework,
         "careergraph framework load FILE: the body is the framework TOML");
    return r;
  }();
  return kRoutes;
}

std::vector<std::string> ParametersOf(const ApiRoute &route) {
  switch (route.kind) {
    case Kind::kUpload:
      if (route.upload == Upload::kCareers) return {"filename", "format", "replace"};
      return {"filename"};
    case Kind::kCommand:
      break;
    default:
      return {};
  }
  CLI::App app;
  Context ctx;
  RegisterCommands(app, ctx);
  CLI::App *cmd = &app;
  for (std::string_view name : route.command) cmd = cmd->get_subcommand(std::string(name));
  std::vector<std::string> params;
  for (const CLI::Option *o : cmd->get_options()) {
    for (const std::string &l : o->get_lnames()) {
      if (!Forbidden(l) && l != "format" && !Excluded(route, l)) params.push_back(l);
    }
  }
  if (!route.positional.empty() && !EndsWith(route.path, "{id}")) params.emplace_back(route.positional);
  params.emplace_back("format");
  return params;
}

struct Api::Answer {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
};

Api::Api(ApiOptions options, std::optional<server::StaticFiles> web, std::unique_ptr<Store> watcher)
    : options_(std::move(options)),
      web_(std::move(web)),
      cache_(options_.cache_bytes),
      compute_(static_cast<ptrdiff_t>(std::clamp<size_t>(
          options_.compute_slots ? options_.compute_slots : std::thread::hardware_concurrency(), 1, 1024))),
      watcher_(std::move(watcher)) {}

Api::~Api() = default;

Result<std::unique_ptr<Api>> Api::Open(ApiOptions options, std::optional<server::StaticFiles> web) {
  Result<std::unique_ptr<Store>> watcher = OpenSqliteStore(options.db, OpenMode::kMustExist);
  if (!watcher) return Error(watcher.error());
  Result<uint64_t> counter = (*watcher)->ChangeCounter();
  if (!counter) return Error(counter.error());
  std::unique_ptr<Api> api(new Api(std::move(options), std::move(web), std::move(*watcher)));
  api->counter_ = *counter;
  return api;
}

uint64_t Api::DataVersion(bool recheck_now) {
  const int64_t now = std::chrono::steady_clock::now().time_since_epoch().count();
  if (!recheck_now && now - last_check_ns_.load(std::memory_order_relaxed) <
                          std::chrono::duration_cast<std::chrono::steady_clock::duration>(kRecheck).count()) {
    return version_.load();
  }
  std::lock_guard lock(watch_mu_);
  Result<uint64_t> counter = watcher_->ChangeCounter();
  if (counter && *counter != counter_) {
    counter_ = *counter;
    version_.fetch_add(1);
  }
  last_check_ns_.store(now, std::memory_order_relaxed);
  return version_.load();
}

Result<std::shared_ptr<const DataSnapshot>> Api::Snapshot(uint64_t version) {
  std::lock_guard lock(snapshot_mu_);
  if (snapshot_ && snapshot_version_ >= version) return snapshot_;
  Context ctx;
  ctx.db = options_.db;
  Result<Session> session = ctx.OpenSession();
  if (!session) return Error(session.error());
  Result<Population> pop = session->store->LoadPopulation();
  if (!pop) return Error(pop.error());
  auto snap = std::make_shared<DataSnapshot>();
  snap->framework = std::move(session->framework);
  snap->population = std::make_shared<const Population>(std::move(*pop));
  snapshot_ = std::move(snap);
  snapshot_version_ = version;
  return snapshot_;
}

void Api::Health(HttpResponse &res) {
  const uint64_t version = DataVersion();
  J j;
  j["status"] = "ok";
  j["data_version"] = version;
  Result<std::shared_ptr<const DataSnapshot>> snap = Snapshot(version);
  if (snap) {
    j["framework"] = {{"id", (*snap)->framework.id}, {"version", (*snap)->framework.version}};
    j["people"] = (*snap)->population->people();
    // The latest date in the data: what "now" means for time in role, next moves and readiness.
    j["as_of"] = (*snap)->population->people() ? J(Date{LatestDate(*(*snap)->population)}.ToString()) : J(nullptr);
  } else {
    j["framework"] = nullptr;
    j["people"] = nullptr;
    j["as_of"] = nullptr;
    j["note"] = snap.error().message();
  }
  j["cache"] = {{"entries", cache_.entries()}, {"bytes", cache_.bytes()}};
  j["writes"] = options_.token.empty() ? "disabled" : "token";
  res.body = j.dump(-1, ' ', false, J::error_handler_t::replace) + "\n";
}

Api::Answer Api::RunRoute(const ApiRoute &route, const HttpRequest &req, std::string_view path_arg,
                          std::shared_ptr<const DataSnapshot> snapshot) {
  Answer a;
  auto fail = [&a](int status, std::string_view code, std::string_view message, std::string_view field = {}) {
    a.status = status;
    a.content_type = "application/json";
    a.body = server::ErrorJson(code, message, field);
    return a;
  };

  CLI::App app;
  Context ctx;
  ctx.db = options_.db;
  ctx.snapshot = std::move(snapshot);
  RegisterCommands(app, ctx);
  CLI::App *cmd = &app;
  std::vector<std::string> args;
  for (std::string_view name : route.command) {
    cmd = cmd->get_subcommand(std::string(name));
    args.emplace_back(name);
  }

  std::string format = "json";
  std::string positional(path_arg);
  for (const auto &[name, value] : req.params) {
    if (name == "format") {
      format = value;
      continue;
    }
    if (!route.positional.empty() && name == route.positional && path_arg.empty()) {
      positional = value;
      continue;
    }
    const CLI::Option *opt = Forbidden(name) || Excluded(route, name) ? nullptr : cmd->get_option_no_throw("--" + name);
    if (opt == nullptr || opt->get_positional() || name.empty() || name[0] == '-') {
      const std::vector<std::string> known = ParametersOf(route);
      return fail(
          400, "invalid_argument",
          fmt::format("unknown parameter '{}' for {}; expected one of: {}", name, route.path, fmt::join(known, ", ")),
          name);
    }
    for (const Cap &cap : kCaps) {
      if (name != cap.name) continue;
      char *end = nullptr;
      const double v = std::strtod(value.c_str(), &end);
      if (end != value.c_str() + value.size() || !(v <= cap.most)) {
        return fail(400, "invalid_argument",
                    fmt::format("{}={}: expected a number of at most {} over HTTP", name, value, cap.most), name);
      }
    }
    if (opt->get_expected_max() == 0) {  // a flag
      if (value.empty() || value == "true" || value == "1") {
        args.push_back("--" + name);
      } else if (value != "false" && value != "0") {
        return fail(400, "invalid_argument", fmt::format("{}={}: expected true or false", name, value), name);
      }
      continue;
    }
    args.push_back(fmt::format("--{}={}", name, value));
  }

  // The answer's format: the command's own --format, or the file it can also
  // write.
  std::string capture_file;
  const bool format_given =
      std::any_of(req.params.begin(), req.params.end(), [](const auto &p) { return p.first == "format"; });
  if (route.own_format) {
    if (format_given) args.push_back("--format=" + format);
  } else if (!route.extra_format.empty() && format == route.extra_format) {
    capture_file = fmt::format("answer.{}", format);
    args.push_back(fmt::format("--{}={}", format, capture_file));
    args.emplace_back("--format=json");
  } else if (format == "json" || format == "csv" || format == "table") {
    args.push_back("--format=" + format);
  } else {
    return fail(400, "invalid_argument",
                fmt::format("format={}: expected json, csv or table{}", format,
                            route.extra_format.empty() ? "" : fmt::format(" or {}", route.extra_format)),
                "format");
  }
  if (!positional.empty()) {
    args.emplace_back("--");
    args.push_back(positional);
  }

  std::reverse(args.begin(), args.end());
  try {
    app.parse(args);
  } catch (const CLI::ParseError &e) {
    std::string field = FieldOf(e.what());
    if (field.empty() && std::string_view(e.what()).find("positional") != std::string_view::npos) {
      field = std::string(route.positional);
    }
    return fail(400, "invalid_argument", e.what(), field);
  }
  if (!ctx.run) return fail(500, "internal", "the route runs no command");

  CapturedOutput capture(std::chrono::steady_clock::now() + Timeout());
  Status s;
  try {
    s = ctx.run();
  } catch (const std::bad_alloc &) {
    s = Status::Internal("out of memory");
  }
  if (!s.ok()) {
    a.status = HttpStatusFor(s.code());
    a.body = StatusErrorJson(s, s.message(), FieldOf(s.message()));
    return a;
  }
  if (!capture_file.empty()) {
    auto it = capture.files.find(capture_file);
    if (it == capture.files.end()) return fail(500, "internal", "the command wrote no " + format);
    a.body = std::move(it->second);
  } else {
    a.body = std::move(capture.out);
  }
  if (route.own_format && !format_given && route.command.front() == "export") format = "csv";  // its default
  a.content_type = ContentTypeForFormat(format);
  return a;
}

Api::Answer Api::RunUpload(const ApiRoute &route, const HttpRequest &req) {
  Answer a;
  auto fail = [&a](int status, std::string_view code, std::string_view message, std::string_view field = {}) {
    a.status = status;
    a.body = server::ErrorJson(code, message, field);
    return a;
  };
  // The file's name: the client's (for its line-numbered errors), with the
  // extension the command reads it by.
  std::string name, format, replace;
  for (const auto &[k, v] : req.params) {
    if (k == "filename") {
      name = SafeFileName(v);
    } else if (k == "format" && route.upload == Upload::kCareers) {
      if (v != "csv" && v != "json")
        return fail(400, "invalid_argument", "format=" + v + ": expected csv or json", "format");
      format = v;
    } else if (k == "replace" && route.upload == Upload::kCareers) {
      if (v != "" && v != "true" && v != "1" && v != "false" && v != "0") {
        return fail(400, "invalid_argument", "replace=" + v + ": expected true or false", "replace");
      }
      replace = (v == "" || v == "true" || v == "1") ? "--replace" : "";
    } else {
      return fail(400, "invalid_argument",
                  fmt::format("unknown parameter '{}' for {}; expected: filename{}", k, route.path,
                              route.upload == Upload::kCareers ? ", format, replace" : ""),
                  k);
    }
  }
  if (req.body.empty()) return fail(400, "invalid_argument", "the request body is empty: send the file as the body");
  std::string ext;
  switch (route.upload) {
    case Upload::kCareers: {
      if (format.empty()) {
        if (EndsWith(name, ".json") || req.content_type.find("json") != std::string::npos) {
          format = "json";
        } else if (EndsWith(name, ".csv") || req.content_type.find("csv") != std::string::npos) {
          format = "csv";
        } else {
          const size_t first = req.body.find_first_not_of(" \t\r\n");
          format = first != std::string::npos && (req.body[first] == '{' || req.body[first] == '[') ? "json" : "csv";
        }
      }
      ext = "." + format;
      if (name.empty()) name = "careers" + ext;
      break;
    }
    case Upload::kAssessments:
      ext = ".csv";
      if (name.empty()) name = "assessments.csv";
      break;
    case Upload::kFramework:
      ext = ".toml";
      if (name.empty()) name = "framework.toml";
      break;
    case Upload::kNone:
      return fail(500, "internal", "not an upload route");
  }
  if (!EndsWith(name, ext)) name += ext;

  std::string dir_template = (std::filesystem::temp_directory_path() / "careergraph-upload-XXXXXX").string();
  if (mkdtemp(dir_template.data()) == nullptr) return fail(500, "internal", "cannot make a temporary directory");
  const std::string dir = dir_template;
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{dir};
  const std::string path = dir + "/" + name;
  if (Status s = WriteFileAtomic(path, req.body); !s.ok()) return fail(500, "internal", "cannot keep the upload");

  std::vector<std::string> args(route.command.begin(), route.command.end());
  args.push_back("--db=" + options_.db);
  if (route.upload == Upload::kAssessments) {
    args.push_back("--assessments=" + path);
  } else {
    if (!replace.empty()) args.push_back(replace);
    args.emplace_back("--");
    args.push_back(path);
  }
  CLI::App app;
  Context ctx;
  RegisterCommands(app, ctx);
  std::reverse(args.begin(), args.end());
  try {
    app.parse(args);
  } catch (const CLI::ParseError &e) {
    return fail(500, "internal", e.what());
  }
  CapturedOutput capture(std::chrono::steady_clock::now() + Timeout());
  Status s = ctx.run ? ctx.run() : Status::Internal("the route runs no command");
  const uint64_t version = DataVersion(/*recheck_now=*/true);
  const std::string prefix = dir + "/";
  if (!s.ok()) {
    std::string message = s.message();
    ReplaceAll(message, prefix, "");
    ReplaceAll(message, options_.db, "the store");
    a.status = HttpStatusFor(s.code());
    a.body = StatusErrorJson(s, message, {});
    return a;
  }
  std::string message = TrimmedMessage(capture.out);
  ReplaceAll(message, prefix, "");
  ReplaceAll(message, options_.db, "the store");
  J j;
  j["message"] = message;
  j["data_version"] = version;
  a.body = j.dump(-1, ' ', false, J::error_handler_t::replace) + "\n";
  return a;
}

void Api::Handle(const HttpRequest &req, HttpResponse &res) {
  res.headers.emplace_back("X-Content-Type-Options", "nosniff");
  std::string_view path = req.path;
  const bool api = path == kApi || (path.size() > kApi.size() && path.substr(0, kApi.size() + 1) == "/api/v1/") ||
                   path == "/api" || path.substr(0, 5) == "/api/";
  if (!api) {
    if (req.method != "GET" && req.method != "HEAD") {
      res.headers.emplace_back("Allow", "GET, HEAD");
      return SetError(res, 405, "method_not_allowed",
                      fmt::format("{} {}: the web UI's files are read-only", req.method, path));
    }
    const server::StaticFile *f = web_ ? web_->Find(path) : nullptr;
    if (f == nullptr) {
      if (!web_ && (path == "/" || path == "/index.html")) {
        res.content_type = "text/plain; charset=utf-8";
        res.body =
            "careergraph serve: the web UI was not built (it needs "
            "Node.js and npm at build time); "
            "the API is at /api/v1/\n";
        return;
      }
      return SetError(res, 404, "not_found", fmt::format("no such file: {}", path));
    }
    res.content_type = f->content_type;
    res.SetBody(req, f->body, f->gzip);
    res.headers.emplace_back("ETag", f->etag);
    res.headers.emplace_back("Cache-Control", "no-cache");
    return;
  }
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);

  // The route, and the path segment a "{id}" route takes.
  const ApiRoute *route = nullptr;
  std::string path_arg;
  std::vector<std::string_view> allowed;
  for (const ApiRoute &r : ApiRoutes()) {
    std::string_view rp = r.path;
    bool match = rp == path;
    std::string arg;
    if (!match && EndsWith(rp, "/{id}")) {
      const std::string_view base = rp.substr(0, rp.size() - 4);  // with the '/'
      if (path.size() > base.size() && path.substr(0, base.size()) == base &&
          path.find('/', base.size()) == std::string_view::npos) {
        match = true;
        arg = std::string(path.substr(base.size()));
      }
    }
    if (!match) continue;
    allowed.push_back(r.method);
    if (r.method == req.method || (req.method == "HEAD" && r.method == "GET")) {
      route = &r;
      path_arg = std::move(arg);
    }
  }
  if (route == nullptr) {
    if (!allowed.empty()) {
      res.headers.emplace_back("Allow", fmt::format("{}", fmt::join(allowed, ", ")));
      return SetError(res, 405, "method_not_allowed",
                      fmt::format("{} {}: this route takes {}", req.method, path, fmt::join(allowed, " or ")));
    }
    return SetError(res, 404, "not_found",
                    fmt::format("no such route: {} (the routes: GET /api/v1, "
                                "or /api/v1/openapi.json)",
                                path));
  }

  // Who may do what: writes always need the token; reads need it off loopback.
  if (route->writes() || options_.reads_need_token) {
    if (route->writes() && options_.token.empty()) {
      return SetError(res, 403, "forbidden", "writes are disabled: start careergraph serve with --token-file");
    }
    constexpr std::string_view kBearer = "Bearer ";
    const std::string &auth = req.authorization;
    if (auth.size() <= kBearer.size() || auth.substr(0, kBearer.size()) != kBearer) {
      res.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"careergraph\"");
      return SetError(res, 401, "unauthorized", "this request needs the token: Authorization: Bearer TOKEN");
    }
    if (!SameToken(std::string_view(auth).substr(kBearer.size()), options_.token)) {
      res.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"careergraph\", error=\"invalid_token\"");
      return SetError(res, 401, "unauthorized", "the token is not the server's");
    }
  }

  if (req.params.size() > options_.max_params) {
    return SetError(
        res, 400, "invalid_argument",
        fmt::format("{} query parameters: at most {} are accepted", req.params.size(), options_.max_params));
  }
  for (const auto &[k, v] : req.params) {
    if (k.size() + v.size() > options_.max_param_bytes) {
      return SetError(res, 400, "invalid_argument",
                      fmt::format("parameter '{}' is longer than {} bytes", k.substr(0, 64), options_.max_param_bytes),
                      k);
    }
  }

  switch (route->kind) {
    case Kind::kIndex: {
      if (!req.params.empty()) {
        return SetError(res, 400, "invalid_argument", "/api/v1 takes no parameters", req.params[0].first);
      }
      J j;
      j["api"] = "careergraph";
      j["openapi"] = "/api/v1/openapi.json";
      j["routes"] = J::array();
      for (const ApiRoute &r : ApiRoutes()) {
        j["routes"].push_back({{"method", r.method},
                               {"path", r.path},
                               {"summary", r.summary},
                               {"writes", r.writes()},
                               {"parameters", ParametersOf(r)}});
      }
      res.body = j.dump(2, ' ', false, J::error_handler_t::replace) + "\n";
      return;
    }
    case Kind::kHealth:
      if (!req.params.empty())
        return SetError(res, 400, "invalid_argument", "/api/v1/health takes no parameters", req.params[0].first);
      return Health(res);
    case Kind::kOpenApi:
      if (!req.params.empty()) {
        return SetError(res, 400, "invalid_argument", "/api/v1/openapi.json takes no parameters", req.params[0].first);
      }
      res.body = options_.openapi;
      return;
    case Kind::kUpload: {
      std::optional<ComputeSlot> slot = ComputeSlot::Take(compute_, Timeout());
      if (!slot) return SetError(res, 503, "unavailable", "the server is busy; try again");
      Answer a = RunUpload(*route, req);
      res.status = a.status;
      res.body = std::move(a.body);
      res.content_type = std::move(a.content_type);
      return;
    }
    case Kind::kCommand:
      break;
  }

  // The cache key: the route and its parameters, in a canonical order (a
  // repeated parameter's values keep theirs).
  std::vector<std::pair<std::string, std::string>> params = req.params;
  std::stable_sort(params.begin(), params.end(), [](const auto &x, const auto &y) { return x.first < y.first; });
  // Every part is length-prefixed, so no value (which may hold any byte) can make two different
  // requests share a key.
  std::string key = fmt::format("{}|{}:{}", route->path, path_arg.size(), path_arg);
  for (const auto &[k, v] : params) fmt::format_to(std::back_inserter(key), "|{}:{}{}:{}", k.size(), k, v.size(), v);
  const uint64_t version = DataVersion();
  res.headers.emplace_back("X-Data-Version", std::to_string(version));
  if (std::shared_ptr<const server::CachedResponse> hit = cache_.Find(version, key)) {
    res.status = hit->status;
    res.content_type = hit->content_type;
    res.SetBody(req, hit->body, hit->gzip);
    res.log_note = "cache=hit";
    return;
  }
  std::optional<ComputeSlot> slot = ComputeSlot::Take(compute_, Timeout());
  if (!slot) return SetError(res, 503, "unavailable", "the server is busy; try again");
  Result<std::shared_ptr<const DataSnapshot>> snap = Snapshot(version);
  Answer a;
  if (!snap && route->command.front() != "framework") {
    a.status = HttpStatusFor(snap.error().code());
    a.body = server::ErrorJson(snap.error().CodeName(), snap.error().message());
  } else {
    a = RunRoute(*route, req, path_arg, snap ? *snap : nullptr);
  }
  res.status = a.status;
  res.content_type = a.content_type;
  res.log_note = "cache=miss";
  std::string gzip;
  if (server::Compressible(a.content_type) && a.body.size() >= server::kGzipMinBytes) {
    gzip = server::GzipCompress(a.body);
  }
  res.SetBody(req, a.body, gzip);
  if (a.status < 500) {
    cache_.Insert(version, std::move(key),
                  server::CachedResponse{a.status, std::move(a.body), std::move(a.content_type), std::move(gzip)});
  }
}

}  // namespace careergraph::cli
