// StringMap<V>: an unordered_map keyed by std::string that can be looked up with a
// std::string_view without building a temporary string (C++20 heterogeneous lookup).
// Thread-safety: as std::unordered_map.
#ifndef CAREERGRAPH_BASE_STRING_MAP_H_
#define CAREERGRAPH_BASE_STRING_MAP_H_

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace careergraph {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

}  // namespace careergraph

#endif  // CAREERGRAPH_BASE_STRING_MAP_H_
