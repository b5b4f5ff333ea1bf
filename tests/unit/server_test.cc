// The HTTP layer of `careergraph serve`: query parsing, loopback detection, the
// web root, the response cache, and a real server on a loopback port answering
// requests — including the answers the HTTP library makes on its own (413),
// which must be JSON errors too.
#include <gtest/gtest.h>
#include <httplib.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "server/gzip.h"
#include "server/http_server.h"
#include "server/response_cache.h"
#include "server/static_files.h"

namespace careergraph::server {
namespace {

namespace fs = std::filesystem;
using Params = std::vector<std::pair<std::string, std::string>>;

TEST(ParseQueryTest, DecodesInOrderAndKeepsRepeats) {
  EXPECT_EQ(ParseQuery("a=1&b=x%20y&c=+&d&=e&a=2"),
            (Params{{"a", "1"}, {"b", "x y"}, {"c", " "}, {"d", ""}, {"", "e"}, {"a", "2"}}));
  EXPECT_EQ(ParseQuery("where=grade%3D3&where=site=Leeds"), (Params{{"where", "grade=3"}, {"where", "site=Leeds"}}));
  EXPECT_EQ(ParseQuery(""), Params{});
  EXPECT_EQ(ParseQuery("&&"), Params{});
}

TEST(ParseQueryTest, KeepsMalformedEscapes) {
  EXPECT_EQ(ParseQuery("a=%zz&b=%4&c=%"), (Params{{"a", "%zz"}, {"b", "%4"}, {"c", "%"}}));
  EXPECT_EQ(ParseQuery("a=%00b"), (Params{{"a", std::string("\0b", 2)}}));
}

std::string Gunzip(const std::string& z) {
  z_stream s{};
  inflateInit2(&s, 15 + 16);
  std::string out(1 << 20, '\0');
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(z.data()));
  s.avail_in = static_cast<uInt>(z.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&s, Z_FINISH);
  out.resize(s.total_out);
  inflateEnd(&s);
  return rc == Z_STREAM_END ? out : "<not gzip>";
}

TEST(GzipTest, RoundTripsAndShrinksText) {
  std::string text;
  for (int i = 0; i < 500; ++i) text += R"({"from":"helpdesk","to":"ops","count":)" + std::to_string(i) + "},";
  const std::string z = GzipCompress(text);
  ASSERT_FALSE(z.empty());
  EXPECT_LT(z.size(), text.size() / 4);
  EXPECT_EQ(static_cast<unsigned char>(z[0]), 0x1f);  // the gzip magic
  EXPECT_EQ(static_cast<unsigned char>(z[1]), 0x8b);
  EXPECT_EQ(Gunzip(z), text);
  EXPECT_EQ(Gunzip(GzipCompress("")), "");
}

TEST(GzipTest, AcceptEncoding) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("gzip, deflate, br, zstd"));
  EXPECT_TRUE(AcceptsGzip("br;q=1.0, gzip;q=0.8"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("br, deflate"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0.000, br"));
  EXPECT_TRUE(AcceptsGzip("gzip;q=0.5"));
  EXPECT_TRUE(Compressible("application/json"));
  EXPECT_TRUE(Compressible("text/csv; charset=utf-8"));
  EXPECT_TRUE(Compressible("image/svg+xml"));
  EXPECT_FALSE(Compressible("image/png"));
  EXPECT_FALSE(Compressible("application/octet-stream"));
}

TEST(IsLoopbackHostTest, OnlyThisMachine) {
  EXPECT_TRUE(IsLoopbackHost("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackHost("127.1.2.3"));
  EXPECT_TRUE(IsLoopbackHost("localhost"));
  EXPECT_TRUE(IsLoopbackHost("::1"));
  EXPECT_FALSE(IsLoopbackHost("0.0.0.0"));
  EXPECT_FALSE(IsLoopbackHost("192.168.1.10"));
  EXPECT_FALSE(IsLoopbackHost("::"));
  EXPECT_FALSE(IsLoopbackHost("example.org"));
}

TEST(ErrorJsonTest, Shape) {
  const auto j = nlohmann::json::parse(ErrorJson("not_found", "no such person 'x'", "person"));
  EXPECT_EQ(j["error"]["code"], "not_found");
  EXPECT_EQ(j["error"]["message"], "no such person 'x'");
  EXPECT_EQ(j["error"]["field"], "person");
  EXPECT_TRUE(nlohmann::json::parse(ErrorJson("bad_request", "x"))["error"]["field"].is_null());
  EXPECT_EQ(ErrorCodeForStatus(413), "payload_too_large");
  EXPECT_EQ(ErrorCodeForStatus(404), "not_found");
}

class TempDir {
 public:
  TempDir() {
    std::string t = (fs::temp_directory_path() / "cg-server-test-XXXXXX").string();
    path_ = mkdtemp(t.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path &path() const { return path_; }
  void Write(const std::string &rel, const std::string &text) const {
    fs::create_directories((path_ / rel).parent_path());
    std::ofstream(path_ / rel) << text;
  }

 private:
  fs::path path_;
};

TEST(StaticFilesTest, ServesOnlyFilesInsideTheRoot) {
  TempDir outside;
  outside.Write("secret.txt", "secret");
  TempDir dir;
  dir.Write("web/index.html", "<h1>hi</h1>");
  dir.Write("web/assets/app.js", "console.log(1)");
  dir.Write("web/sub/index.html", "sub");
  dir.Write("other.txt", "beside the root");
  fs::create_symlink(outside.path() / "secret.txt", dir.path() / "web/leak.txt");
  fs::create_symlink(dir.path() / "web/assets/app.js",
                     dir.path() / "web/alias.js");  // inside: kept

  Result<StaticFiles> files = StaticFiles::Load((dir.path() / "web").string());
  ASSERT_TRUE(files) << files.error().message();
  EXPECT_EQ(files->size(), 4u);
  ASSERT_NE(files->Find("/"), nullptr);
  EXPECT_EQ(files->Find("/")->body, "<h1>hi</h1>");
  EXPECT_EQ(files->Find("/")->content_type, "text/html; charset=utf-8");
  ASSERT_NE(files->Find("/assets/app.js"), nullptr);
  EXPECT_EQ(files->Find("/assets/app.js")->content_type, "text/javascript; charset=utf-8");
  ASSERT_NE(files->Find("/alias.js"), nullptr);
  EXPECT_EQ(files->Find("/sub/")->body, "sub");
  for (const char *bad : {"/leak.txt", "/../other.txt", "/assets/../../other.txt", "/..", "../other.txt",
                          "/assets/app.js/", "//assets/app.js", "/ASSETS/app.js", "/index.html%00"}) {
    EXPECT_EQ(files->Find(bad), nullptr) << bad;
  }
  EXPECT_FALSE(StaticFiles::Load((dir.path() / "missing").string()));
  EXPECT_FALSE(StaticFiles::Load((dir.path() / "other.txt").string()));
  EXPECT_FALSE(StaticFiles::Load((dir.path() / "web").string(), /*max_bytes=*/8));
}

TEST(ResponseCacheTest, OneVersionAtATime) {
  ResponseCache cache(1 << 20);
  cache.Insert(1, "a", {200, "A1", "application/json", ""});
  ASSERT_NE(cache.Find(1, "a"), nullptr);
  EXPECT_EQ(cache.Find(1, "a")->body, "A1");
  EXPECT_EQ(cache.Find(2, "a"), nullptr);  // another version: not this answer
  EXPECT_EQ(cache.Find(1, "b"), nullptr);
  cache.Insert(2, "b", {200, "B2", "text/csv", ""});  // moving on drops version 1
  EXPECT_EQ(cache.Find(1, "a"), nullptr);
  EXPECT_EQ(cache.entries(), 1u);
  cache.Insert(1, "late", {200, "stale", "x", ""});  // computed on old data: not kept
  EXPECT_EQ(cache.Find(1, "late"), nullptr);
  EXPECT_EQ(cache.Find(2, "late"), nullptr);
  cache.Insert(2, "b", {404, "again", "x", ""});  // replaces
  EXPECT_EQ(cache.Find(2, "b")->status, 404);
  EXPECT_EQ(cache.entries(), 1u);
}

TEST(ResponseCacheTest, StaysWithinItsSize) {
  ResponseCache cache(10000);
  for (int i = 0; i < 1000; ++i) cache.Insert(1, "key" + std::to_string(i), {200, std::string(100, 'x'), "t", ""});
  EXPECT_LE(cache.bytes(), 10000u);
  EXPECT_GT(cache.entries(), 10u);
  EXPECT_NE(cache.Find(1, "key999"), nullptr);  // the newest is always kept
  cache.Insert(1, "huge", {200, std::string(20000, 'x'), "t", ""});
  EXPECT_EQ(cache.Find(1, "huge"), nullptr);
}

TEST(HttpServerTest, AnswersOnLoopbackWithJsonErrors) {
  HttpServerOptions o;
  o.port = 0;
  o.max_body_bytes = 1000;
  o.access_log = "off";
  HttpServer server(o, [](const HttpRequest &req, HttpResponse &res) {
    nlohmann::json j;
    j["method"] = req.method;
    j["path"] = req.path;
    j["params"] = req.params;
    j["body"] = req.body;
    j["auth"] = req.authorization;
    res.body = j.dump();
    if (req.path == "/teapot") res.status = 418;
  });
  ASSERT_TRUE(server.Bind().ok());
  ASSERT_GT(server.port(), 0);
  std::thread run([&server] { (void)server.Run(); });
  httplib::Client client("127.0.0.1", server.port());
  auto r = client.Get("/x/y?b=2&a=1&b=3", {{"Authorization", "Bearer t"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  auto j = nlohmann::json::parse(r->body);
  EXPECT_EQ(j["method"], "GET");
  EXPECT_EQ(j["path"], "/x/y");
  EXPECT_EQ(j["params"], nlohmann::json::parse(R"([["b","2"],["a","1"],["b","3"]])"));
  EXPECT_EQ(j["auth"], "Bearer t");
  // A form body is the body, not parameters.
  r = client.Post("/up?q=1", "a=1&b=2", "application/x-www-form-urlencoded");
  ASSERT_TRUE(r);
  j = nlohmann::json::parse(r->body);
  EXPECT_EQ(j["params"], nlohmann::json::parse(R"([["q","1"]])"));
  EXPECT_EQ(j["body"], "a=1&b=2");
  // The handler's own error status keeps its body.
  r = client.Get("/teapot");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 418);
  EXPECT_EQ(nlohmann::json::parse(r->body)["path"], "/teapot");
  // Too large a body: the library answers 413 before the handler, as a JSON
  // error.
  r = client.Post("/up", std::string(5000, 'x'), "text/csv");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(nlohmann::json::parse(r->body)["error"]["code"], "payload_too_large");
  server.Stop();
  run.join();
}

TEST(HttpServerTest, BindFailsClearly) {
  HttpServerOptions o;
  o.host = "203.0.113.7";  // TEST-NET-3: not an address of this machine
  o.port = 1;
  o.access_log = "off";
  HttpServer server(o, [](const HttpRequest &, HttpResponse &) {});
  Status s = server.Bind();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("203.0.113.7"), std::string::npos);
}

}  // namespace
}  // namespace careergraph::server
