// Competency gaps and readiness (see plan/gaps.h; the formulas are in docs/planning.md, "Gaps and
// readiness"). Per-competency partial credit as SAP SuccessFactors' proportional role readiness
// (KBA 2644361), weighted by how far above the scale minimum each requirement lies. LatestAssessments
// is one pass over the assessments, O(n + people × competencies) memory; RankReadiness adds one
// pass over the spells and O(requirements) per candidate.
#include "careergraph/plan/gaps.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "careergraph/analysis/survival.h"  // LatestDate

namespace careergraph {
namespace {

constexpr size_t kNone = std::numeric_limits<size_t>::max();

size_t CompetencyIndex(const Framework& fw, const Competency* c) {
  return static_cast<size_t>(c - fw.competencies.data());
}

// Roles by track and level, as `framework show` lists them: what an error message offers.
std::string KnownRoles(const Framework& fw) {
  std::string out;
  for (const Track& t : fw.tracks) {
    for (const Role* r : fw.RolesOfTrack(t.id)) out += fmt::format("{}'{}'", out.empty() ? "" : ", ", r->id);
  }
  return out;
}

Result<const Role*> FindRole(const Framework& fw, std::string_view id) {
  if (const Role* r = fw.FindRole(id)) return r;
  if (fw.FindDestination(id)) {
    return Error(Status::NotFound(fmt::format(
        "--role '{}': a destination of framework '{}' {} (somewhere people leave for), not a role; expected one of {}",
        id, fw.id, fw.version, KnownRoles(fw))));
  }
  return Error(Status::NotFound(fmt::format("--role '{}': not a role of framework '{}' {}; expected one of {}", id,
                                            fw.id, fw.version, KnownRoles(fw))));
}

// The rank of each competency's group: the position of the group's first appearance in the
// framework's competency list, so groups are reported in the order the framework introduces them.
std::vector<size_t> GroupRanks(const Framework& fw) {
  std::vector<size_t> rank(fw.competencies.size());
  std::vector<std::string_view> seen;
  for (size_t c = 0; c < fw.competencies.size(); ++c) {
    const auto it = std::find(seen.begin(), seen.end(), fw.competencies[c].group);
    rank[c] = static_cast<size_t>(it - seen.begin());
    if (it == seen.end()) seen.push_back(fw.competencies[c].group);
  }
  return rank;
}

// A role's requirements as (competency index, level), in framework competency order.
std::vector<std::pair<size_t, int>> Requirements(const Framework& fw, const Role& role) {
  std::vector<std::pair<size_t, int>> out;
  for (const Requirement& r : role.requirements) {
    if (const Competency* c = fw.FindCompetency(r.competency)) out.emplace_back(CompetencyIndex(fw, c), r.level);
  }
  std::sort(out.begin(), out.end());
  return out;
}

double Score(double weighted_credit, double weight) { return weight > 0 ? 100 * weighted_credit / weight : 100; }

// Scores `role` against the assessments that count, `latest[c]` for competency c (nullptr when none).
GapReport ScoreRole(const Framework& fw, const Role& role, const std::vector<size_t>& group_rank,
                    const std::vector<const Assessment*>& latest) {
  struct Group {
    size_t rank = 0;
    GroupReadiness readiness;
    double credit = 0, weight = 0;  // Σ w·credit and Σ w over the group's requirements
  };
  GapReport report;
  report.role = role.id;
  std::vector<Group> groups;
  double credit = 0, weight = 0;
  for (const auto& [c, required] : Requirements(fw, role)) {
    const Competency& comp = fw.competencies[c];
    CompetencyGap g;
    g.competency = comp.id;
    g.name = comp.name;
    g.group = comp.group;
    g.required = required;
    g.weight = required - comp.scale_min + 1;
    bool met = required <= comp.scale_min;  // nobody is below the scale: always met
    if (const Assessment* a = latest[c]) {
      g.assessed = a->level;
      g.assessed_on = a->date;
      g.source = a->source;
      met = met || a->level >= required;
      g.gap = std::max(0.0, required - a->level);
      g.credit = met ? 1.0 : std::clamp((a->level - comp.scale_min) / (required - comp.scale_min), 0.0, 1.0);
    } else {
      g.gap = required - comp.scale_min;  // the whole way up from the bottom of the scale
      g.credit = met ? 1.0 : 0.0;
    }
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const Group& x) { return x.readiness.group == comp.group; });
    if (it == groups.end()) {
      groups.push_back(Group{group_rank[c], GroupReadiness{comp.group, 0, 0, 0, 0, 0}, 0, 0});
      it = groups.end() - 1;
    }
    GroupReadiness& gr = it->readiness;
    ++gr.requirements;
    gr.met += met;
    gr.unassessed += !g.assessed;
    gr.gap += g.gap;
    it->credit += g.weight * g.credit;
    it->weight += g.weight;
    credit += g.weight * g.credit;
    weight += g.weight;
    report.met += met;
    report.unassessed += !g.assessed;
    report.gap += g.gap;
    report.competencies.push_back(std::move(g));
  }
  // Groups in the framework's order of first appearance (competency order can interleave them).
  std::stable_sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) { return a.rank < b.rank; });
  for (Group& gr : groups) {
    gr.readiness.readiness = Score(gr.credit, gr.weight);
    report.groups.push_back(std::move(gr.readiness));
  }
  report.readiness = Score(credit, weight);
  return report;
}

// The per-competency lookup ScoreRole takes, for one person's latest assessments.
std::vector<const Assessment*> ByCompetency(const Framework& fw, std::span<const Assessment> latest) {
  std::vector<const Assessment*> by(fw.competencies.size(), nullptr);
  for (const Assessment& a : latest) by[CompetencyIndex(fw, fw.FindCompetency(a.competency))] = &a;
  return by;
}

}  // namespace

std::vector<Assessment> LatestAssessments(std::span<const Assessment> assessments, const Framework& framework,
                                          std::optional<int32_t> as_of) {
  const size_t n_comp = framework.competencies.size();
  StringMap<size_t> person_index;
  std::vector<size_t> best;  // person × competency -> index into `assessments`, or kNone
  for (size_t i = 0; i < assessments.size(); ++i) {
    const Assessment& a = assessments[i];
    if (as_of && a.date.days > *as_of) continue;
    const Competency* c = framework.FindCompetency(a.competency);
    if (!c) continue;
    auto [it, fresh] = person_index.try_emplace(a.person_id, person_index.size());
    if (fresh) best.resize(best.size() + n_comp, kNone);
    size_t& slot = best[it->second * n_comp + CompetencyIndex(framework, c)];
    // `>=`: of several on the same date, the later in input order wins.
    if (slot == kNone || a.date.days >= assessments[slot].date.days) slot = i;
  }
  std::vector<Assessment> out;
  for (size_t slot : best) {
    if (slot != kNone) out.push_back(assessments[slot]);
  }
  return out;
}

Result<GapReport> ComputeGaps(const Framework& framework, std::string_view role, std::string_view person,
                              std::span<const Assessment> assessments, std::optional<int32_t> as_of) {
  Result<const Role*> r = FindRole(framework, role);
  if (!r) return Error(r.error());
  std::vector<Assessment> mine;
  for (const Assessment& a : assessments) {
    if (a.person_id == person) mine.push_back(a);
  }
  const std::vector<Assessment> latest = LatestAssessments(mine, framework, as_of);
  GapReport report = ScoreRole(framework, **r, GroupRanks(framework), ByCompetency(framework, latest));
  report.person = std::string(person);
  return report;
}

Result<RoleDiff> DiffRoles(const Framework& framework, std::string_view from, std::string_view to) {
  Result<const Role*> a = FindRole(framework, from);
  if (!a) return Error(a.error());
  Result<const Role*> b = FindRole(framework, to);
  if (!b) return Error(b.error());
  const size_t n_comp = framework.competencies.size();
  std::vector<std::optional<int>> from_level(n_comp), to_level(n_comp);
  for (const auto& [c, level] : Requirements(framework, **a)) from_level[c] = level;
  for (const auto& [c, level] : Requirements(framework, **b)) to_level[c] = level;
  const std::vector<size_t> group_rank = GroupRanks(framework);

  RoleDiff diff;
  diff.from = (*a)->id;
  diff.to = (*b)->id;
  std::vector<std::pair<size_t, RoleDiff::Group>> groups;  // (group rank, counts)
  for (size_t c = 0; c < n_comp; ++c) {
    if (!from_level[c] && !to_level[c]) continue;
    const Competency& comp = framework.competencies[c];
    RequirementDiff d;
    d.competency = comp.id;
    d.name = comp.name;
    d.group = comp.group;
    d.from_level = from_level[c];
    d.to_level = to_level[c];
    d.delta = to_level[c].value_or(comp.scale_min) - from_level[c].value_or(comp.scale_min);
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.second.group == comp.group; });
    if (it == groups.end()) {
      groups.emplace_back(group_rank[c], RoleDiff::Group{comp.group, 0, 0, 0});
      it = groups.end() - 1;
    }
    RoleDiff::Group& g = it->second;
    g.raised += d.delta > 0;
    g.lowered += d.delta < 0;
    g.increase += std::max(0, d.delta);
    diff.increase += std::max(0, d.delta);
    diff.competencies.push_back(std::move(d));
  }
  std::stable_sort(groups.begin(), groups.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  for (auto& [rank, g] : groups) diff.groups.push_back(std::move(g));
  return diff;
}

Result<std::vector<ReadinessRow>> RankReadiness(const Population& population, const Framework& framework,
                                                std::span<const Assessment> assessments,
                                                const ReadinessOptions& options) {
  Result<const Role*> target = FindRole(framework, options.role);
  if (!target) return Error(target.error());
  const int32_t as_of = options.as_of ? *options.as_of : LatestDate(population);
  const std::vector<Assessment> latest = LatestAssessments(assessments, framework, options.as_of);
  StringMap<std::pair<size_t, size_t>> range;  // person -> [begin, end) in `latest`
  for (size_t i = 0; i < latest.size();) {
    size_t j = i;
    while (j < latest.size() && latest[j].person_id == latest[i].person_id) ++j;
    range.emplace(latest[i].person_id, std::make_pair(i, j));
    i = j;
  }
  std::vector<uint8_t> is_role(population.states.size());
  for (uint32_t s = 0; s < population.states.size(); ++s) {
    is_role[s] = framework.FindRole(population.states.Get(s)) != nullptr;
  }
  const uint32_t target_state = population.states.Find((*target)->id);
  const std::vector<size_t> group_rank = GroupRanks(framework);

  std::vector<ReadinessRow> rows;
  for (size_t p = 0; p < population.people(); ++p) {
    // The spell covering as_of: start <= as_of < end (a spell ending on as_of is over by then).
    uint32_t at = Interner::kNone;
    for (uint32_t i = population.spell_begin[p]; i < population.spell_begin[p + 1]; ++i) {
      if (population.start[i] <= as_of && as_of < population.end[i]) at = i;
    }
    if (at == Interner::kNone || !is_role[population.state[at]]) continue;
    if (!options.include_holders && population.state[at] == target_state) continue;
    const auto it = range.find(population.person_ids[p]);
    if (it == range.end()) continue;
    const auto [begin, end] = it->second;
    const GapReport g = ScoreRole(framework, **target, group_rank,
                                  ByCompetency(framework, std::span(latest).subspan(begin, end - begin)));
    ReadinessRow row;
    row.person = population.person_ids[p];
    row.current_role = population.states.Get(population.state[at]);
    row.readiness = g.readiness;
    row.met = g.met;
    row.requirements = static_cast<int>(g.competencies.size());
    row.unassessed = g.unassessed;
    row.gap = g.gap;
    for (const CompetencyGap& c : g.competencies) {
      if (c.gap > row.largest_gap_size) {  // strict: the first in framework order wins a tie
        row.largest_gap = c.competency;
        row.largest_gap_size = c.gap;
      }
    }
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end(), [](const ReadinessRow& a, const ReadinessRow& b) {
    if (a.readiness != b.readiness) return a.readiness > b.readiness;
    if (a.gap != b.gap) return a.gap < b.gap;
    return a.person < b.person;
  });
  if (options.top > 0 && rows.size() > options.top) rows.resize(options.top);
  return rows;
}

}  // namespace careergraph
