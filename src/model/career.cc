#include "careergraph/model/career.h"

#include <set>

namespace careergraph {

size_t CareerSet::SpellCount() const {
  size_t n = 0;
  for (const Person& p : people) n += p.spells.size();
  return n;
}

std::vector<std::string> CareerSet::AttributeNames() const {
  std::set<std::string> names;
  for (const Person& p : people) {
    for (const auto& [name, value] : p.attributes) names.insert(name);
  }
  return {names.begin(), names.end()};
}

}  // namespace careergraph
