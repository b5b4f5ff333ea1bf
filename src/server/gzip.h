// Gzip: the compression `careergraph serve` applies itself (zlib, gzip framing), so that an
// answer is compressed once — when it is cached — rather than on every request.
// Thread-safety: the functions are thread-safe.
#ifndef CAREERGRAPH_SERVER_GZIP_H_
#define CAREERGRAPH_SERVER_GZIP_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace careergraph::server {

// Answers smaller than this go out as they are.
inline constexpr size_t kGzipMinBytes = 1024;

// `data` gzip-compressed at zlib level `level` (1 fastest .. 9 smallest).
std::string GzipCompress(std::string_view data, int level = 6);

// True when an Accept-Encoding header value accepts gzip (and does not refuse it with q=0).
bool AcceptsGzip(std::string_view accept_encoding);

// True for the text types worth compressing (JSON, CSV, SVG, HTML, JavaScript, CSS, text).
bool Compressible(std::string_view content_type);

}  // namespace careergraph::server

#endif  // CAREERGRAPH_SERVER_GZIP_H_
