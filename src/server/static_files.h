// StaticFiles: the web UI's files, read once from the web root into memory at
// start-up, so a request can only ever name one of them — no request path
// reaches the file system, and nothing outside the root (no "..", no symbolic
// link out of it) is ever read. Thread-safety: immutable after Load(); Find()
// may be called from any thread.
#ifndef CAREERGRAPH_SERVER_STATIC_FILES_H_
#define CAREERGRAPH_SERVER_STATIC_FILES_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "careergraph/base/status.h"
#include "careergraph/base/string_map.h"

namespace careergraph::server {

struct StaticFile {
  std::string body;
  std::string content_type;
  std::string etag;
  std::string gzip;  // the body gzipped, or empty when not worth it (server/gzip.h)
};

class StaticFiles {
 public:
  // Reads every regular file under `root` (recursively) whose real path lies
  // inside the root. kNotFound when `root` is not a directory; kInvalidArgument
  // when it holds more than `max_bytes` in all.
  static Result<StaticFiles> Load(const std::string &root, size_t max_bytes = 256u << 20);

  // The file for a request path ("/" and directories give their index.html);
  // nullptr when the path names no loaded file.
  const StaticFile *Find(std::string_view path) const;
  size_t size() const { return files_.size(); }
  const std::string &root() const { return root_; }

 private:
  std::string root_;
  StringMap<StaticFile> files_;  // key: "/relative/path"
};

// The Content-Type for a file name, by extension (application/octet-stream when
// unknown).
std::string_view ContentTypeFor(std::string_view name);

}  // namespace careergraph::server

#endif  // CAREERGRAPH_SERVER_STATIC_FILES_H_
