// Frequent paths (see analysis/paths.h). Each career's collapsed state sequence contributes
// its contiguous windows of length min..max (O(spells × max_length) windows in all), counted in
// a hash map keyed by the window; a person counts once per distinct window. Ties are broken by
// the states' text, so the output is deterministic.
#include "careergraph/analysis/paths.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

namespace careergraph {
namespace {

struct VectorHash {
  size_t operator()(const std::vector<uint32_t>& v) const {
    size_t h = v.size();
    for (uint32_t x : v) h ^= x + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    return h;
  }
};

struct Tally {
  int64_t people = 0, occurrences = 0;
};

using Counts = std::unordered_map<std::vector<uint32_t>, Tally, VectorHash>;

std::vector<PathCount> Rank(const Counts& counts, const Population& pop, int64_t people,
                            int64_t min_support, size_t top) {
  std::vector<PathCount> out;
  for (const auto& [key, t] : counts) {
    if (t.people < min_support) continue;
    PathCount c;
    for (uint32_t s : key) c.states.push_back(pop.states.Get(s));
    c.people = t.people;
    c.occurrences = t.occurrences;
    c.share = people ? static_cast<double>(t.people) / static_cast<double>(people) : 0;
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(), [](const PathCount& a, const PathCount& b) {
    if (a.people != b.people) return a.people > b.people;
    if (a.occurrences != b.occurrences) return a.occurrences > b.occurrences;
    return a.states < b.states;
  });
  if (top && out.size() > top) out.resize(top);
  return out;
}

}  // namespace

Result<PathTable> ComputePaths(const Population& pop, const Framework& fw, const PathOptions& o) {
  for (const auto& [flag, id] : {std::pair<const char*, const std::string*>{"--from", &o.from}, {"--to", &o.to}}) {
    if (!id->empty() && !fw.IsState(*id)) {
      return Error(Status::Invalid(fmt::format("{} '{}': not a role or destination of framework '{}' {}",
                                               flag, *id, fw.id, fw.version)));
    }
  }
  if (o.min_length < 2 || o.min_length > o.max_length) {
    return Error(Status::Invalid(fmt::format("path lengths {}..{}: expected 2 <= --min-length <= --max-length",
                                             o.min_length, o.max_length)));
  }
  const uint32_t from = o.from.empty() ? Interner::kNone : pop.states.Find(o.from);
  const uint32_t to = o.to.empty() ? Interner::kNone : pop.states.Find(o.to);
  const bool want_from = !o.from.empty(), want_to = !o.to.empty();

  PathTable table;
  Counts sub, whole;
  std::vector<uint32_t> seq, window;
  std::unordered_set<std::vector<uint32_t>, VectorHash> seen;  // this person's windows
  for (size_t p = 0; p < pop.people(); ++p) {
    seq.clear();
    for (uint32_t i = pop.spell_begin[p]; i < pop.spell_begin[p + 1]; ++i) {
      if (seq.empty() || seq.back() != pop.state[i]) seq.push_back(pop.state[i]);
    }
    if (seq.empty()) continue;
    ++table.people;
    if ((!want_from || seq.front() == from) && (!want_to || seq.back() == to)) {
      Tally& t = whole[seq];
      ++t.people;
      ++t.occurrences;
    }
    seen.clear();
    for (size_t b = 0; b < seq.size(); ++b) {
      if (want_from && seq[b] != from) continue;
      for (size_t len = o.min_length; len <= o.max_length && b + len <= seq.size(); ++len) {
        if (want_to && seq[b + len - 1] != to) continue;
        window.assign(seq.begin() + static_cast<std::ptrdiff_t>(b), seq.begin() + static_cast<std::ptrdiff_t>(b + len));
        Tally& t = sub[window];
        ++t.occurrences;
        if (seen.insert(window).second) ++t.people;
      }
    }
  }
  table.sub_paths = Rank(sub, pop, table.people, o.min_support, o.top);
  table.whole_careers = Rank(whole, pop, table.people, o.min_support, o.top);
  return table;
}

}  // namespace careergraph
