// ResponseCache: finished answers to read-only requests, for one data version
// at a time, so a repeated query costs a hash lookup. Moving to a new version
// drops everything; the total size is bounded (when full, arbitrary entries go
// until it is three quarters full). Thread-safety: all methods may be called
// concurrently.
#ifndef CAREERGRAPH_SERVER_RESPONSE_CACHE_H_
#define CAREERGRAPH_SERVER_RESPONSE_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "careergraph/base/string_map.h"

namespace careergraph::server {

struct CachedResponse {
  int status = 200;
  std::string body;
  std::string content_type;
  std::string gzip;  // the body gzipped, or empty when not worth it (server/gzip.h)
};

class ResponseCache {
 public:
  explicit ResponseCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  // The answer stored under `key` for `version`, or nullptr.
  std::shared_ptr<const CachedResponse> Find(uint64_t version, std::string_view key) const;
  // Stores an answer computed at `version`; ignored when the cache has moved on
  // to a newer version meanwhile, or when the answer alone is larger than the
  // cache.
  void Insert(uint64_t version, std::string key, CachedResponse response);

  size_t entries() const;
  size_t bytes() const;

 private:
  const size_t max_bytes_;
  mutable std::shared_mutex mu_;
  uint64_t version_ = 0;
  size_t bytes_ = 0;
  StringMap<std::shared_ptr<const CachedResponse>> map_;
};

}  // namespace careergraph::server

#endif  // CAREERGRAPH_SERVER_RESPONSE_CACHE_H_
