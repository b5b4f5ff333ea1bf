#include "server/response_cache.h"

#include <mutex>

namespace careergraph::server {

namespace {
size_t Cost(std::string_view key, const CachedResponse &r) {
  return key.size() + r.body.size() + r.gzip.size() + r.content_type.size() + 64;
}
}  // namespace

std::shared_ptr<const CachedResponse> ResponseCache::Find(uint64_t version, std::string_view key) const {
  std::shared_lock lock(mu_);
  if (version != version_) return nullptr;
  auto it = map_.find(key);
  return it == map_.end() ? nullptr : it->second;
}

void ResponseCache::Insert(uint64_t version, std::string key, CachedResponse response) {
  const size_t cost = Cost(key, response);
  if (cost > max_bytes_) return;
  std::unique_lock lock(mu_);
  if (version < version_) return;
  if (version > version_) {
    map_.clear();
    bytes_ = 0;
    version_ = version;
  }
  if (bytes_ + cost > max_bytes_) {
    for (auto it = map_.begin(); it != map_.end() && bytes_ + cost > max_bytes_ * 3 / 4;) {
      bytes_ -= Cost(it->first, *it->second);
      it = map_.erase(it);
    }
  }
  auto [it, inserted] = map_.try_emplace(std::move(key), nullptr);
  if (!inserted) bytes_ -= Cost(it->first, *it->second);
  it->second = std::make_shared<const CachedResponse>(std::move(response));
  bytes_ += cost;
}

size_t ResponseCache::entries() const {
  std::shared_lock lock(mu_);
  return map_.size();
}

size_t ResponseCache::bytes() const {
  std::shared_lock lock(mu_);
  return bytes_;
}

}  // namespace careergraph::server
