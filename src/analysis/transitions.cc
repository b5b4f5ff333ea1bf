// Transition counts (see analysis/transitions.h). One pass over the spells: each person's
// spells yield their moves in order; counts go into a dense from × to × kind array over the
// "units" of the chosen level (roles or tracks, then destinations), which are few. O(spells).
#include "careergraph/analysis/transitions.h"

#include <algorithm>

#include <fmt/format.h>

namespace careergraph {

std::string_view TransitionLevelName(TransitionLevel level) {
  return level == TransitionLevel::kTrack ? "track" : "role";
}

std::vector<std::string> UnitIds(const Framework& fw, TransitionLevel level, bool with_outside) {
  std::vector<std::string> units;
  auto add = [&](const std::string& id) {
    if (std::find(units.begin(), units.end(), id) == units.end()) units.push_back(id);
  };
  for (const Track& t : fw.tracks) {
    if (level == TransitionLevel::kTrack) {
      add(t.id);
    } else {
      for (const Role* r : fw.RolesOfTrack(t.id)) add(r->id);
    }
  }
  for (const Destination& d : fw.destinations) add(d.id);
  if (with_outside) add(kOutside);
  return units;
}

Result<std::vector<uint8_t>> PeopleWhere(const Population& pop,
                                         const std::vector<std::pair<std::string, std::string>>& where) {
  std::vector<uint8_t> keep(pop.people(), 1);
  for (const auto& [name, value] : where) {
    auto it = std::find(pop.attribute_names.begin(), pop.attribute_names.end(), name);
    if (it == pop.attribute_names.end()) {
      std::string known;
      for (const std::string& a : pop.attribute_names) known += fmt::format("{}'{}'", known.empty() ? "" : ", ", a);
      return Error(Status::Invalid(fmt::format("--where {}={}: no person attribute '{}'; the careers have {}",
                                               name, value, name, known.empty() ? "no attributes" : known)));
    }
    const std::vector<uint32_t>& column = pop.attribute[static_cast<size_t>(it - pop.attribute_names.begin())];
    const uint32_t v = pop.attribute_values.Find(value);  // kNone: nobody has it
    for (size_t p = 0; p < keep.size(); ++p) keep[p] = keep[p] && v != Interner::kNone && column[p] == v;
  }
  return keep;
}

Result<TransitionTable> ComputeTransitions(const Population& pop, const Framework& fw,
                                           const TransitionOptions& options) {
  const bool by_track = options.level == TransitionLevel::kTrack;

  // Units in framework order (UnitIds), `outside` included.
  const std::vector<std::string> units = UnitIds(fw, options.level, true);
  StringMap<uint32_t> unit_of_id;
  for (size_t u = 0; u < units.size(); ++u) unit_of_id.emplace(units[u], static_cast<uint32_t>(u));
  const size_t n_units = units.size();

  // Per population state: its unit, and whether it is a role.
  const size_t n_states = pop.states.size();
  std::vector<uint32_t> unit(n_states + 1);
  std::vector<char> is_role(n_states + 1);
  std::vector<std::string> state_id(pop.states.strings());
  state_id.push_back(kOutside);  // index n_states: the implicit outside
  for (size_t s = 0; s <= n_states; ++s) {
    const Role* r = fw.FindRole(state_id[s]);
    if (!r && !fw.FindDestination(state_id[s]) && state_id[s] != kOutside) {
      return Error(Status::Invalid(fmt::format(
          "the careers use '{}', which framework '{}' {} does not define", state_id[s], fw.id, fw.version)));
    }
    is_role[s] = r != nullptr;
    unit[s] = unit_of_id.at(r && by_track ? r->track : state_id[s]);
  }
  const uint32_t outside = static_cast<uint32_t>(n_states);

  // Person filter.
  Result<std::vector<uint8_t>> keep = PeopleWhere(pop, options.where);
  if (!keep) return Error(keep.error());

  // Move classification per (from state, to state), computed when first met.
  std::vector<int8_t> kind_of((n_states + 1) * (n_states + 1), -1);
  auto kind = [&](uint32_t from, uint32_t to) {
    int8_t& k = kind_of[from * (n_states + 1) + to];
    if (k < 0) k = static_cast<int8_t>(fw.Classify(state_id[from], state_id[to]).kind);
    return static_cast<MoveKind>(k);
  };

  TransitionTable table;
  table.level = options.level;
  std::vector<int64_t> counts(n_units * n_units * 6, 0);
  const int32_t since = options.since.value_or(INT32_MIN);
  const int32_t until = options.until.value_or(INT32_MAX);
  auto count = [&](uint32_t from, uint32_t to, int32_t date) {
    if (date < since || date > until) return;
    const MoveKind k = kind(from, to);
    ++counts[(unit[from] * n_units + unit[to]) * 6 + static_cast<size_t>(k)];
    ++table.by_kind[static_cast<size_t>(k)];
    ++table.total;
  };

  for (size_t p = 0; p < pop.people(); ++p) {
    if (!(*keep)[p]) continue;
    const uint32_t b = pop.spell_begin[p], e = pop.spell_begin[p + 1];
    if (b == e) continue;
    ++table.people;
    uint32_t prev = outside;
    for (uint32_t i = b; i < e; ++i) {
      const uint32_t cur = pop.state[i];
      // Same state again (a new title, a recorded re-grading) is not a move.
      if (cur != prev && (is_role[cur] || is_role[prev])) count(prev, cur, pop.start[i]);
      prev = cur;
    }
    if (is_role[prev]) {
      if (pop.end[e - 1] == Population::kOngoing) ++table.censored;
      else count(prev, outside, pop.end[e - 1]);
    }
  }

  // Rows: per `from` unit in order, by count descending, then `to` in unit order.
  for (uint32_t f = 0; f < n_units; ++f) {
    int64_t out_of = 0;
    std::vector<TransitionCount> rows;
    for (uint32_t t = 0; t < n_units; ++t) {
      for (size_t k = 0; k < 6; ++k) {
        const int64_t c = counts[(f * n_units + t) * 6 + k];
        if (c == 0) continue;
        out_of += c;
        TransitionCount row;
        row.from = units[f];
        row.to = units[t];
        row.kind = static_cast<MoveKind>(k);
        row.count = c;
        if (!by_track) {
          const MoveClass mc = fw.Classify(row.from, row.to);
          row.listed = mc.listed;
          row.typical = mc.typical;
          row.allowed = mc.allowed;
        }
        rows.push_back(std::move(row));
      }
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const TransitionCount& a, const TransitionCount& b) { return a.count > b.count; });
    for (TransitionCount& r : rows) {
      r.rate = static_cast<double>(r.count) / static_cast<double>(out_of);
      table.moves.push_back(std::move(r));
    }
  }
  return table;
}

}  // namespace careergraph
