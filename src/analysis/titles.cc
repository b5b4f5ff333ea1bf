// Title × role counts (see analysis/titles.h). Titles are grouped after NormalizeTitle, so
// "IT manager" and "IT Manager" are one title, shown as first written. O(spells).
#include "careergraph/analysis/titles.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace careergraph {

Result<TitleTable> ComputeTitles(const Population& pop, const Framework& fw, const TitleOptions& options) {
  if (!options.role.empty() && !fw.FindRole(options.role)) {
    std::string roles;
    for (const Role& r : fw.roles) roles += fmt::format("{}'{}'", roles.empty() ? "" : ", ", r.id);
    return Error(Status::Invalid(fmt::format("--role '{}': not a role of framework '{}' {}; expected one of {}",
                                             options.role, fw.id, fw.version, roles)));
  }
  const std::string want_title = NormalizeTitle(options.title);

  // Population title id -> normalised group, and the text shown for the group.
  std::vector<uint32_t> group_of(pop.titles.size());
  std::vector<std::string> group_text;
  StringMap<uint32_t> group_index;
  for (uint32_t t = 0; t < pop.titles.size(); ++t) {
    const std::string norm = NormalizeTitle(pop.titles.Get(t));
    auto [it, fresh] = group_index.emplace(norm, static_cast<uint32_t>(group_text.size()));
    if (fresh) group_text.push_back(pop.titles.Get(t));
    group_of[t] = it->second;
  }
  // Role order: by track and level.
  std::vector<const Role*> roles;
  for (const Track& t : fw.tracks) {
    for (const Role* r : fw.RolesOfTrack(t.id)) roles.push_back(r);
  }
  std::vector<int32_t> role_rank(pop.states.size(), -1);
  for (size_t i = 0; i < roles.size(); ++i) {
    const uint32_t s = pop.states.Find(roles[i]->id);
    if (s != Interner::kNone) role_rank[s] = static_cast<int32_t>(i);
  }

  struct Cell {
    int64_t spells = 0, people = 0;
    uint32_t last_person = UINT32_MAX;
  };
  std::map<std::pair<int32_t, uint32_t>, Cell> cells;  // (role rank, title group)
  std::vector<int64_t> role_spells(roles.size(), 0);
  std::vector<int64_t> title_spells(group_text.size(), 0);
  for (uint32_t p = 0; p < pop.people(); ++p) {
    for (uint32_t i = pop.spell_begin[p]; i < pop.spell_begin[p + 1]; ++i) {
      const int32_t rank = role_rank[pop.state[i]];
      if (rank < 0) continue;  // a destination
      const uint32_t g = group_of[pop.title[i]];
      ++role_spells[static_cast<size_t>(rank)];
      if (!group_text[g].empty()) ++title_spells[g];
      Cell& c = cells[{rank, g}];
      ++c.spells;
      if (c.last_person != p) {
        c.last_person = p;
        ++c.people;
      }
    }
  }
  if (!want_title.empty() && !group_index.count(want_title)) {
    return Error(Status::Invalid(fmt::format("--title '{}': no spell carries this title", options.title)));
  }

  // Rows by role rank, then spells (descending), then titled before untitled, then title
  // group (order of first appearance).
  std::vector<std::pair<std::pair<int32_t, uint32_t>, Cell>> ordered(cells.begin(), cells.end());
  std::stable_sort(ordered.begin(), ordered.end(), [&](const auto& a, const auto& b) {
    if (a.first.first != b.first.first) return a.first.first < b.first.first;
    if (a.second.spells != b.second.spells) return a.second.spells > b.second.spells;
    return group_text[a.first.second].empty() < group_text[b.first.second].empty();
  });
  TitleTable table;
  for (const auto& [key, c] : ordered) {
    const Role* r = roles[static_cast<size_t>(key.first)];
    if (!options.role.empty() && r->id != options.role) continue;
    const std::string& text = group_text[key.second];
    if (!want_title.empty() && NormalizeTitle(text) != want_title) continue;
    TitleRoleCount row;
    row.title = text;
    row.role = r->id;
    if (const Role* owner = fw.RoleForTitle(text)) row.alias_of = owner->id;
    row.spells = c.spells;
    row.people = c.people;
    row.share_of_role = static_cast<double>(c.spells) / static_cast<double>(role_spells[static_cast<size_t>(key.first)]);
    if (!text.empty()) {
      row.share_of_title = static_cast<double>(c.spells) / static_cast<double>(title_spells[key.second]);
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace careergraph
