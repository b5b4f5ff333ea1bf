#include "careergraph/model/framework.h"

#include <algorithm>

namespace careergraph {
namespace {

template <typename T>
void BuildIndex(const std::vector<T>& items, StringMap<size_t>* index) {
  index->clear();
  index->reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) index->emplace(items[i].id, i);
}

template <typename T>
const T* Find(const std::vector<T>& items, const StringMap<size_t>& index,
              std::string_view id) {
  auto it = index.find(id);
  return it == index.end() ? nullptr : &items[it->second];
}

std::string MoveKey(std::string_view from, std::string_view to) {
  std::string key(from);
  key += '\n';
  key += to;
  return key;
}

}  // namespace

std::string_view MoveKindName(MoveKind kind) {
  switch (kind) {
    case MoveKind::kPromotion: return "promotion";
    case MoveKind::kStepBack: return "step-back";
    case MoveKind::kCrossTrack: return "cross-track";
    case MoveKind::kEntry: return "entry";
    case MoveKind::kExit: return "exit";
    case MoveKind::kStay: return "stay";
  }
  return "stay";
}

std::optional<MoveKind> ParseMoveKind(std::string_view name) {
  for (MoveKind k : {MoveKind::kPromotion, MoveKind::kStepBack, MoveKind::kCrossTrack,
                     MoveKind::kEntry, MoveKind::kExit}) {
    if (MoveKindName(k) == name) return k;
  }
  return std::nullopt;
}

std::string_view ClaimKindName(ClaimKind kind) {
  switch (kind) {
    case ClaimKind::kEnterAndLeaveAnywhere: return "enter-and-leave-anywhere";
    case ClaimKind::kLeaversGoTo: return "leavers-go-to";
    case ClaimKind::kCrossingsAllLevels: return "crossings-all-levels";
    case ClaimKind::kTopCrossing: return "top-crossing";
    case ClaimKind::kRoleLaterHolds: return "role-later-holds";
    case ClaimKind::kTitleShare: return "title-share";
    case ClaimKind::kBothDirections: return "both-directions";
    case ClaimKind::kTrackCount: return "track-count";
  }
  return "enter-and-leave-anywhere";
}

std::optional<ClaimKind> ParseClaimKind(std::string_view name) {
  for (int k = 0; k <= static_cast<int>(ClaimKind::kTrackCount); ++k) {
    if (ClaimKindName(static_cast<ClaimKind>(k)) == name) return static_cast<ClaimKind>(k);
  }
  return std::nullopt;
}

std::string NormalizeTitle(std::string_view title) {
  std::string out;
  out.reserve(title.size());
  bool pending_space = false;
  for (unsigned char c : title) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 ||
                      (c >= 'A' && c <= 'Z');
    if (!word) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
  }
  return out;
}

void Framework::Index() {
  BuildIndex(competencies, &competency_index_);
  BuildIndex(tracks, &track_index_);
  BuildIndex(roles, &role_index_);
  BuildIndex(destinations, &destination_index_);
  alias_index_.clear();
  for (size_t i = 0; i < roles.size(); ++i) {
    for (const std::string& alias : roles[i].aliases) alias_index_.emplace(NormalizeTitle(alias), i);
  }
  move_index_.clear();
  for (size_t i = 0; i < moves.size(); ++i) move_index_.emplace(MoveKey(moves[i].from, moves[i].to), i);
}

const Competency* Framework::FindCompetency(std::string_view id) const {
  return Find(competencies, competency_index_, id);
}
const Track* Framework::FindTrack(std::string_view id) const { return Find(tracks, track_index_, id); }
const Role* Framework::FindRole(std::string_view id) const { return Find(roles, role_index_, id); }
const Destination* Framework::FindDestination(std::string_view id) const {
  return Find(destinations, destination_index_, id);
}

std::vector<const Role*> Framework::RolesOfTrack(std::string_view track_id) const {
  std::vector<const Role*> out;
  for (const Role& r : roles) {
    if (r.track == track_id) out.push_back(&r);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Role* a, const Role* b) { return a->level < b->level; });
  return out;
}

const Role* Framework::RoleForTitle(std::string_view title) const {
  auto it = alias_index_.find(NormalizeTitle(title));
  return it == alias_index_.end() ? nullptr : &roles[it->second];
}

MoveClass Framework::Classify(std::string_view from, std::string_view to) const {
  MoveClass c;
  const Role* a = FindRole(from);
  const Role* b = FindRole(to);
  if (auto it = move_index_.find(MoveKey(from, to)); it != move_index_.end()) {
    c.listed = true;
    c.typical = moves[it->second].typical;
  }
  auto rule_allows = [&](PolicyRule rule) { return c.listed || rule == PolicyRule::kAny; };
  if (!a && !b) {  // destination to destination: not a move careergraph records
    c.kind = from == to ? MoveKind::kStay : MoveKind::kExit;
    c.allowed = c.listed;
    return c;
  }
  if (!a) {
    c.kind = MoveKind::kEntry;
    c.allowed = rule_allows(policy.entry);
    return c;
  }
  if (!b) {
    c.kind = MoveKind::kExit;
    c.allowed = rule_allows(policy.exit);
    return c;
  }
  c.level_delta = b->level - a->level;
  c.level_change = c.level_delta > 0 ? LevelChange::kRises
                   : c.level_delta < 0 ? LevelChange::kFalls
                                       : LevelChange::kSame;
  if (a == b) {
    c.kind = MoveKind::kStay;
    return c;
  }
  if (a->track != b->track) {
    c.kind = MoveKind::kCrossTrack;
    c.allowed = rule_allows(policy.cross_track);
  } else if (c.level_delta > 0) {
    c.kind = MoveKind::kPromotion;
    // A skip passes over a role of the track; levels need not be contiguous numbers.
    const bool skips = std::any_of(roles.begin(), roles.end(), [&](const Role& r) {
      return r.track == a->track && r.level > a->level && r.level < b->level;
    });
    c.allowed = !skips || rule_allows(policy.skip_level);
  } else {
    c.kind = MoveKind::kStepBack;
    c.allowed = rule_allows(policy.step_back);
  }
  return c;
}

}  // namespace careergraph
