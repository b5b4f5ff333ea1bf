#include "careergraph/base/file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <unistd.h>

namespace careergraph {

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(Status::IoError(fmt::format("{}: cannot open: {}", path, std::strerror(errno))));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Error(Status::IoError(fmt::format("{}: read failed", path)));
  return std::move(ss).str();
}

Status WriteFileAtomic(const std::string& path, std::string_view contents) { return WriteFileAtomic(path, {contents}); }

Status WriteFileAtomic(const std::string& path, std::initializer_list<std::string_view> parts) {
  const std::string tmp = fmt::format("{}.tmp.{}", path, static_cast<long>(getpid()));
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return Status::IoError(fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
  bool written = true;
  for (std::string_view part : parts) {
    written = written && std::fwrite(part.data(), 1, part.size(), f) == part.size();
  }
  const bool flushed = std::fflush(f) == 0 && fsync(fileno(f)) == 0;
  const bool closed = std::fclose(f) == 0;
  if (!written || !flushed || !closed) {
    std::remove(tmp.c_str());
    return Status::IoError(fmt::format("{}: write failed: {}", path, std::strerror(errno)));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::IoError(fmt::format("{}: cannot replace: {}", path, std::strerror(errno)));
  }
  return Status::Ok();
}

}  // namespace careergraph
