#include "server/static_files.h"

#include <fmt/format.h>

#include <filesystem>
#include <system_error>

#include "careergraph/base/file.h"
#include "server/gzip.h"

namespace careergraph::server {

namespace fs = std::filesystem;

std::string_view ContentTypeFor(std::string_view name) {
  struct Entry {
    std::string_view ext, type;
  };
  static constexpr Entry kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
      {".woff2", "font/woff2"},
      {".webmanifest", "application/manifest+json"},
  };
  for (const Entry &e : kTypes) {
    if (name.size() >= e.ext.size() && name.substr(name.size() - e.ext.size()) == e.ext) return e.type;
  }
  return "application/octet-stream";
}

Result<StaticFiles> StaticFiles::Load(const std::string &root, size_t max_bytes) {
  std::error_code ec;
  const fs::path real_root = fs::canonical(root, ec);
  if (ec || !fs::is_directory(real_root)) {
    return Error(Status::NotFound(fmt::format("--web-root {}: not a directory", root)));
  }
  StaticFiles out;
  out.root_ = real_root.string();
  size_t total = 0;
  for (auto it = fs::recursive_directory_iterator(real_root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    // A symbolic link is followed only when it stays inside the root.
    const fs::path real = fs::canonical(it->path(), ec);
    if (ec) continue;
    const fs::path rel = real.lexically_relative(real_root);
    if (rel.empty() || *rel.begin() == "..") continue;
    Result<std::string> text = ReadFile(real.string());
    if (!text) return Error(text.error());
    total += text->size();
    if (total > max_bytes) {
      return Error(Status::Invalid(fmt::format("--web-root {}: more than {} bytes of files", root, max_bytes)));
    }
    StaticFile f;
    f.content_type = ContentTypeFor(real.filename().string());
    f.etag = fmt::format("\"{:x}\"", std::hash<std::string>()(*text));
    f.body = std::move(*text);
    if (Compressible(f.content_type) && f.body.size() >= kGzipMinBytes) f.gzip = GzipCompress(f.body, 9);
    out.files_["/" + it->path().lexically_relative(real_root).generic_string()] = std::move(f);
  }
  if (ec) return Error(Status::IoError(fmt::format("--web-root {}: {}", root, ec.message())));
  return out;
}

const StaticFile *StaticFiles::Find(std::string_view path) const {
  if (path.empty() || path.back() == '/') {
    auto it = files_.find(std::string(path.empty() ? "/" : path) + "index.html");
    return it == files_.end() ? nullptr : &it->second;
  }
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace careergraph::server
