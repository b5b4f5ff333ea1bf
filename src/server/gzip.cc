#include "server/gzip.h"

#include <zlib.h>

#include <cctype>

namespace careergraph::server {

std::string GzipCompress(std::string_view data, int level) {
  z_stream z{};
  // 15 window bits + 16: gzip framing; 8: the default memory level.
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string();
}

bool AcceptsGzip(std::string_view accept) {
  for (size_t at = accept.find("gzip"); at != std::string_view::npos; at = accept.find("gzip", at + 4)) {
    std::string_view rest = accept.substr(at + 4);
    rest = rest.substr(0, rest.find(','));
    size_t q = rest.find("q=");
    if (q == std::string_view::npos) return true;
    rest.remove_prefix(q + 2);
    // q=0, q=0.0, q=0.000 refuse it; anything else accepts.
    bool zero = !rest.empty() && rest[0] == '0';
    for (size_t i = 1; zero && i < rest.size() && !std::isspace(static_cast<unsigned char>(rest[i])); ++i) {
      zero = rest[i] == '.' || rest[i] == '0';
    }
    if (!zero) return true;
  }
  return false;
}

bool Compressible(std::string_view type) {
  return type.substr(0, 5) == "text/" || type.substr(0, 16) == "application/json" ||
         type.substr(0, 13) == "image/svg+xml" || type.substr(0, 22) == "application/javascript" ||
         type.substr(0, 25) == "application/manifest+json";
}

}  // namespace careergraph::server
