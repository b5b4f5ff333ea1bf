// Claim evaluation (see analysis/claims.h). Move-based claims read the role-level transition
// table; people-based claims (role-later-holds, title-share) walk the spells once. O(spells).
#include "careergraph/analysis/claims.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

namespace careergraph {
namespace {

std::string Percent(double share) { return fmt::format("{:.1f}%", 100 * share); }

std::string IntervalText(const Interval& i) {
  return fmt::format("95% CI {}–{}", Percent(i.lower), Percent(i.upper));
}

// The track of a state id: its role's track, or "" for a destination.
std::string TrackOf(const Framework& fw, const std::string& id) {
  const Role* r = fw.FindRole(id);
  return r ? r->track : std::string();
}

// Sets the verdict of a share claim from its interval and threshold (see the header).
void DecideShare(const Claim& c, ClaimResult* r, const std::string& what) {
  r->interval = WilsonInterval(static_cast<double>(r->successes), static_cast<double>(r->n));
  r->value = r->n > 0 ? static_cast<double>(r->successes) / static_cast<double>(r->n) : 0;
  r->threshold = c.at_least ? c.at_least : c.at_most;
  r->at_most = c.at_most.has_value();
  const std::string observed = fmt::format("{} of {} {} ({}, {})", r->successes, r->n, what, Percent(r->value),
                                           IntervalText(*r->interval));
  if (r->n < c.min_n) {
    r->verdict = Verdict::kNotEnoughData;
    r->reason = fmt::format("{}; fewer than the {} observations the claim needs", observed, c.min_n);
    return;
  }
  const double t = *r->threshold;
  const std::string side = r->at_most ? "at most" : "at least";
  const bool above = r->interval->lower >= t, below = r->interval->upper <= t;
  if (r->at_most ? below : above) {
    r->verdict = Verdict::kSupported;
    r->reason = fmt::format("{}: the interval lies {} {}", observed, r->at_most ? "below" : "above", Percent(t));
  } else if (r->at_most ? above : below) {
    r->verdict = Verdict::kNotSupported;
    r->reason = fmt::format("{}: the interval lies {} {}, against the claimed {} {}", observed,
                            r->at_most ? "above" : "below", Percent(t), side, Percent(t));
  } else {
    r->verdict = Verdict::kNotEnoughData;
    r->reason = fmt::format("{}: the interval straddles the claimed {} {}", observed, side, Percent(t));
  }
}

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

// Index of one role-level table: counts by (from, to).
struct MoveIndex {
  std::map<std::pair<std::string, std::string>, int64_t> count;
  int64_t Get(const std::string& from, const std::string& to) const {
    auto it = count.find({from, to});
    return it == count.end() ? 0 : it->second;
  }
};

void EnterAndLeave(const Framework& fw, const Claim& c, const TransitionTable& moves, ClaimResult* r) {
  std::set<std::string> tracks(c.tracks.begin(), c.tracks.end());
  std::map<std::string, std::pair<int64_t, int64_t>> by_role;  // role -> (entries, exits)
  std::vector<std::string> order;
  for (const std::string& t : c.tracks) {
    for (const Role* role : fw.RolesOfTrack(t)) {
      by_role[role->id];
      order.push_back(role->id);
    }
  }
  for (const TransitionCount& m : moves.moves) {
    if (m.kind == MoveKind::kEntry && by_role.count(m.to)) by_role[m.to].first += m.count;
    if (m.kind == MoveKind::kExit && by_role.count(m.from)) by_role[m.from].second += m.count;
  }
  std::vector<std::string> lacking;
  int64_t both = 0;
  for (const std::string& id : order) {
    const auto [entries, exits] = by_role[id];
    r->n += entries + exits;
    r->details.push_back({id + ": entries", entries, 0});
    r->details.push_back({id + ": exits", exits, 0});
    if (entries > 0 && exits > 0) {
      ++both;
    } else {
      lacking.push_back(fmt::format("{} ({})", id, entries == 0 && exits == 0 ? "neither" : entries == 0 ? "no entries" : "no exits"));
    }
  }
  r->successes = both;
  r->value = static_cast<double>(both);
  r->statistic = fmt::format("roles of {} with both entries and exits, of {}", Join(c.tracks, " and "), order.size());
  if (r->n < c.min_n) {
    r->verdict = Verdict::kNotEnoughData;
    r->reason = fmt::format("only {} entries and exits into and out of these roles; the claim needs {}", r->n, c.min_n);
  } else if (lacking.empty()) {
    r->verdict = Verdict::kSupported;
    r->reason = fmt::format("all {} roles have both entries and exits ({} in all)", order.size(), r->n);
  } else {
    r->verdict = Verdict::kNotSupported;
    r->reason = fmt::format("{} of {} roles have both; lacking: {}", both, order.size(), Join(lacking, ", "));
  }
}

void LeaversGoTo(const Framework& fw, const Claim& c, const TransitionTable& moves, ClaimResult* r) {
  std::set<std::string> to(c.to.begin(), c.to.end());
  std::set<std::string> ignore(c.ignore.begin(), c.ignore.end());
  std::map<std::string, int64_t> by_where;
  for (const TransitionCount& m : moves.moves) {
    if (TrackOf(fw, m.from) != c.from_track) continue;
    const std::string to_track = TrackOf(fw, m.to);
    if (to_track == c.from_track) continue;  // within the track
    if (to_track.empty() && ignore.count(m.to)) {
      r->details.push_back({m.to + " (left out: where they went is unknown)", m.count, 0});
      continue;
    }
    const std::string where = to_track.empty() ? m.to : to_track;
    r->n += m.count;
    by_where[where] += m.count;
    if (to.count(where)) r->successes += m.count;
  }
  std::vector<ClaimDetail> counted;
  for (const auto& [where, n] : by_where) counted.push_back({where, n, r->n});
  std::sort(counted.begin(), counted.end(), [](const ClaimDetail& a, const ClaimDetail& b) {
    return a.count != b.count ? a.count > b.count : a.label < b.label;
  });
  r->details.insert(r->details.begin(), counted.begin(), counted.end());
  r->statistic = fmt::format("share of moves out of {} that go to {}", c.from_track, Join(c.to, " or "));
  DecideShare(c, r, fmt::format("moves out of {} go to {}", c.from_track, Join(c.to, " or ")));
}

void CrossingsAllLevels(const Framework& fw, const Claim& c, const TransitionTable& moves, ClaimResult* r) {
  std::vector<const Role*> levels = fw.RolesOfTrack(c.from_track);
  std::map<std::string, int64_t> by_role;
  for (const TransitionCount& m : moves.moves) {
    if (TrackOf(fw, m.from) == c.from_track && TrackOf(fw, m.to) == c.to_track) {
      by_role[m.from] += m.count;
      r->n += m.count;
    }
  }
  std::vector<std::string> lacking;
  for (const Role* role : levels) {
    const int64_t n = by_role[role->id];
    r->details.push_back({fmt::format("{} (level {})", role->id, role->level), n, 0});
    if (n > 0) {
      ++r->successes;
    } else {
      lacking.push_back(role->id);
    }
  }
  r->value = static_cast<double>(r->successes);
  r->statistic = fmt::format("levels of {} with crossings to {}, of {}", c.from_track, c.to_track, levels.size());
  if (r->n < c.min_n) {
    r->verdict = Verdict::kNotEnoughData;
    r->reason = fmt::format("only {} crossings from {} to {}; the claim needs {}", r->n, c.from_track, c.to_track, c.min_n);
  } else if (lacking.empty()) {
    r->verdict = Verdict::kSupported;
    r->reason = fmt::format("every one of the {} levels sends people across ({} crossings)", levels.size(), r->n);
  } else {
    r->verdict = Verdict::kNotSupported;
    r->reason = fmt::format("{} of {} levels send people across; none from {}", r->successes, levels.size(), Join(lacking, ", "));
  }
}

void TopCrossing(const Framework& fw, const Claim& c, const TransitionTable& moves, ClaimResult* r) {
  std::map<std::pair<std::string, std::string>, int64_t> pairs;
  for (const TransitionCount& m : moves.moves) {
    if (TrackOf(fw, m.from) == c.from_track && TrackOf(fw, m.to) == c.to_track) {
      pairs[{m.from, m.to}] += m.count;
      r->n += m.count;
    }
  }
  std::vector<std::pair<std::pair<std::string, std::string>, int64_t>> ranked(pairs.begin(), pairs.end());
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [pair, n] : ranked) r->details.push_back({pair.first + " → " + pair.second, n, r->n});
  const int64_t claimed = pairs.count({c.from_role, c.to_role}) ? pairs[{c.from_role, c.to_role}] : 0;
  r->successes = claimed;
  r->value = r->n > 0 ? static_cast<double>(claimed) / static_cast<double>(r->n) : 0;
  r->interval = WilsonInterval(static_cast<double>(claimed), static_cast<double>(r->n));
  r->statistic = fmt::format("share of crossings from {} to {} that go {} → {}", c.from_track, c.to_track, c.from_role, c.to_role);
  const std::string observed = fmt::format("{} of {} crossings go {} → {} ({}, {})", claimed, r->n, c.from_role,
                                           c.to_role, Percent(r->value), IntervalText(*r->interval));
  if (r->n < c.min_n || ranked.empty()) {
    r->verdict = Verdict::kNotEnoughData;
    r->reason = fmt::format("only {} crossings; the claim needs {}", r->n, c.min_n);
    return;
  }
  // The claimed pair against its strongest rival: is one of the two significantly more common
  // (Wilson interval of its share of the two above one half)?
  const auto& top = ranked[0];
  const bool claimed_top = top.first == std::make_pair(c.from_role, c.to_role);
  const int64_t rival = claimed_top ? (ranked.size() > 1 ? ranked[1].second : 0) : top.second;
  const std::string rival_name = claimed_top ? (ranked.size() > 1 ? ranked[1].first.first + " → " + ranked[1].first.second : "none")
                                             : top.first.first + " → " + top.first.second;
  const Interval duel = WilsonInterval(static_cast<double>(claimed_top ? claimed : rival), static_cast<double>(claimed + rival));
  if (duel.lower > 0.5) {
    r->verdict = claimed_top ? Verdict::kSupported : Verdict::kNotSupported;
    r->reason = fmt::format("{}; the most common crossing is {}, significantly ahead of {} ({} against {})", observed,
                            claimed_top ? c.from_role + " → " + c.to_role : rival_name,
                            claimed_top ? rival_name : c.from_role + " → " + c.to_role,
                            claimed_top ? claimed : rival, claimed_top ? rival : claimed);
  } else {
    r->verdict = Verdict::kNotEnoughData;
    r->reason = fmt::format("{}; it and {} ({}) are too close to tell apart", observed, rival_name, rival);
  }
}

// People who held c.role, and of them those who hold c.later in a spell starting after the
// start of their first c.role spell.
void RoleLaterHolds(const Population& pop, const Framework& fw, const Claim& c, ClaimResult* r) {
  const uint32_t later = pop.states.Find(c.later);
  // Context: the same share for holders of each other role of the same track.
  const Role* held = fw.FindRole(c.role);
  std::vector<const Role*> peers = held ? fw.RolesOfTrack(held->track) : std::vector<const Role*>{};
  std::vector<uint32_t> peer_state;
  for (const Role* p : peers) peer_state.push_back(pop.states.Find(p->id));
  std::vector<int64_t> holders(peers.size(), 0), went(peers.size(), 0);
  for (size_t p = 0; p < pop.people(); ++p) {
    for (size_t k = 0; k < peers.size(); ++k) {
      if (peer_state[k] == Interner::kNone) continue;
      bool held_k = false, went_k = false;
      for (uint32_t i = pop.spell_begin[p]; i < pop.spell_begin[p + 1]; ++i) {
        if (!held_k && pop.state[i] == peer_state[k]) {
          held_k = true;
        } else if (held_k && pop.state[i] == later && later != Interner::kNone) {
          went_k = true;
          break;
        }
      }
      holders[k] += held_k;
      went[k] += went_k;
    }
  }
  for (size_t k = 0; k < peers.size(); ++k) {
    if (peers[k]->id == c.role) {
      r->n = holders[k];
      r->successes = went[k];
    }
    if (peers[k]->id != c.later) {
      r->details.push_back({fmt::format("held {}, later {}", peers[k]->id, c.later), went[k], holders[k]});
    }
  }
  r->statistic = fmt::format("share of people who held {} and later hold {}", c.role, c.later);
  DecideShare(c, r, fmt::format("people who held {} later hold {}", c.role, c.later));
}

// People who held c.role with a title, and of them those titled as c.title_of names (one of
// its aliases) in some spell of c.role.
void TitleShare(const Population& pop, const Framework& fw, const Claim& c, ClaimResult* r) {
  const uint32_t role = pop.states.Find(c.role);
  std::vector<int8_t> title_is(pop.titles.size(), 0);  // 1: names title_of; 0: other; -1: none
  std::map<std::string, int64_t> by_role_named;
  std::vector<std::string> named(pop.titles.size());
  for (uint32_t t = 0; t < pop.titles.size(); ++t) {
    if (pop.titles.Get(t).empty()) {
      title_is[t] = -1;
      continue;
    }
    const Role* named_role = fw.RoleForTitle(pop.titles.Get(t));
    named[t] = named_role ? named_role->id : "(a title no role names)";
    title_is[t] = named_role && named_role->id == c.title_of;
  }
  std::map<std::string, int64_t> people_by_named;
  for (size_t p = 0; p < pop.people() && role != Interner::kNone; ++p) {
    bool titled = false, match = false;
    std::set<std::string> names;
    for (uint32_t i = pop.spell_begin[p]; i < pop.spell_begin[p + 1]; ++i) {
      if (pop.state[i] != role || title_is[pop.title[i]] < 0) continue;
      titled = true;
      match |= title_is[pop.title[i]] == 1;
      names.insert(named[pop.title[i]]);
    }
    r->n += titled;
    r->successes += match;
    for (const std::string& n : names) ++people_by_named[n];
  }
  for (const auto& [n, count] : people_by_named) r->details.push_back({"titled as " + n, count, r->n});
  std::sort(r->details.begin(), r->details.end(), [](const ClaimDetail& a, const ClaimDetail& b) {
    return a.count != b.count ? a.count > b.count : a.label < b.label;
  });
  r->statistic = fmt::format("share of people doing {} who carry a title naming {}", c.role, c.title_of);
  DecideShare(c, r, fmt::format("people doing {} (with a title) carry a title naming {}", c.role, c.title_of));
}

void BothDirections(const Framework& fw, const Claim& c, const TransitionTable& moves, ClaimResult* r) {
  const std::string& a = c.tracks[0];
  const std::string& b = c.tracks[1];
  int64_t ab = 0, ba = 0;
  for (const TransitionCount& m : moves.moves) {
    const std::string from = TrackOf(fw, m.from), to = TrackOf(fw, m.to);
    if (from == a && to == b) ab += m.count;
    if (from == b && to == a) ba += m.count;
  }
  r->details = {{a + " → " + b, ab, ab + ba}, {b + " → " + a, ba, ab + ba}};
  r->n = ab + ba;
  r->successes = std::min(ab, ba);
  r->statistic = fmt::format("share of crossings between {} and {} in the less common direction", a, b);
  DecideShare(c, r, fmt::format("crossings between {} and {} go {}", a, b, ab <= ba ? a + " → " + b : b + " → " + a));
}

void TrackCount(const Framework& fw, const Claim& c, const ClaimInputs& in, ClaimResult* r) {
  std::vector<std::string> roles;
  for (const std::string& t : c.tracks) {
    for (const Role* role : fw.RolesOfTrack(t)) roles.push_back(role->id);
  }
  r->statistic = fmt::format("groups the roles of {} form by observed moves (expected {})", Join(c.tracks, " and "),
                             c.tracks.size());
  r->threshold = static_cast<double>(c.tracks.size());
  if (!in.discover) {
    r->verdict = Verdict::kNotEnoughData;
    r->reason = "track discovery was not run";
    return;
  }
  Result<TrackEvidence> ev = in.discover(roles);
  if (!ev) {
    r->verdict = Verdict::kNotEnoughData;
    r->reason = ev.error().message();
    return;
  }
  r->n = ev->moves;
  r->value = ev->groups;
  r->successes = ev->groups;
  for (size_t g = 0; g < ev->members.size(); ++g) {
    r->details.push_back({fmt::format("group {}: {}", g + 1, Join(ev->members[g], " → ")),
                          static_cast<int64_t>(ev->members[g].size()), 0});
  }
  if (r->n < c.min_n) {
    r->verdict = Verdict::kNotEnoughData;
    r->reason = fmt::format("only {} moves between these roles; the claim needs {}", r->n, c.min_n);
  } else if (ev->groups == static_cast<int>(c.tracks.size())) {
    r->verdict = Verdict::kSupported;
    r->reason = fmt::format("the moves group the {} roles into {} tracks (modularity {:.3f})", roles.size(), ev->groups,
                            ev->modularity);
  } else {
    r->verdict = Verdict::kNotSupported;
    r->reason = fmt::format("the moves group the {} roles into {} track{}, not {} (modularity {:.3f})", roles.size(),
                            ev->groups, ev->groups == 1 ? "" : "s", c.tracks.size(), ev->modularity);
  }
}

}  // namespace

std::string_view VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kSupported: return "supported";
    case Verdict::kNotSupported: return "not supported";
    case Verdict::kNotEnoughData: return "not enough data";
  }
  return "not enough data";
}

Interval WilsonInterval(double successes, double n, double z) {
  if (n <= 0) return {0, 1};
  const double p = successes / n;
  const double z2 = z * z;
  const double denom = 1 + z2 / n;
  const double center = (p + z2 / (2 * n)) / denom;
  const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom;
  return {std::max(0.0, center - half), std::min(1.0, center + half)};
}

Result<std::vector<ClaimResult>> EvaluateClaims(const Population& pop, const Framework& fw, const ClaimInputs& in) {
  if (!in.role_moves || in.role_moves->level != TransitionLevel::kRole) {
    return Error(Status::Invalid("EvaluateClaims needs the role-level transition table"));
  }
  std::vector<ClaimResult> out;
  for (const Claim& c : fw.claims) {
    ClaimResult r;
    r.id = c.id;
    r.statement = c.statement;
    r.kind = c.kind;
    switch (c.kind) {
      case ClaimKind::kEnterAndLeaveAnywhere: EnterAndLeave(fw, c, *in.role_moves, &r); break;
      case ClaimKind::kLeaversGoTo: LeaversGoTo(fw, c, *in.role_moves, &r); break;
      case ClaimKind::kCrossingsAllLevels: CrossingsAllLevels(fw, c, *in.role_moves, &r); break;
      case ClaimKind::kTopCrossing: TopCrossing(fw, c, *in.role_moves, &r); break;
      case ClaimKind::kRoleLaterHolds: RoleLaterHolds(pop, fw, c, &r); break;
      case ClaimKind::kTitleShare: TitleShare(pop, fw, c, &r); break;
      case ClaimKind::kBothDirections: BothDirections(fw, c, *in.role_moves, &r); break;
      case ClaimKind::kTrackCount: TrackCount(fw, c, in, &r); break;
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace careergraph
