// Framework: an organisation's career framework — tracks, roles, levels, competencies,
// destinations outside the framework, the moves it expects and the policy for the others.
// Thread-safety: immutable after construction; safe to share between threads for reading.
//
// A Framework is built by the TOML loader (framework/loader.h), which validates it; the
// lookups below assume a validated framework (unique ids, known references).
#ifndef CAREERGRAPH_MODEL_FRAMEWORK_H_
#define CAREERGRAPH_MODEL_FRAMEWORK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "careergraph/base/string_map.h"

namespace careergraph {

struct Competency {
  std::string id;
  std::string name;
  std::string group;  // "technical", "non-technical" or a custom group
  int scale_min = 1;
  int scale_max = 5;
  std::string description;
  std::vector<std::string> levels;  // optional descriptions, scale_max - scale_min + 1 of them
};

struct Track {
  std::string id;
  std::string name;
  std::string kind;  // "technical", "management", "development", ...
  std::string description;
};

struct Requirement {
  std::string competency;
  int level = 0;
};

struct Role {
  std::string id;
  std::string name;
  std::string track;
  int level = 0;  // order within the track, 1 = entry level
  std::string description;
  std::vector<std::string> aliases;       // job titles that mean this role
  std::vector<Requirement> requirements;  // `requires` in the file, in file order
};

struct Destination {
  std::string id;
  std::string name;
  std::string description;
};

enum class MoveKind : uint8_t { kPromotion, kStepBack, kCrossTrack, kEntry, kExit, kStay };

// For cross-track moves: does the level rise, stay or fall?
enum class LevelChange : int8_t { kFalls = -1, kSame = 0, kRises = 1 };

std::string_view MoveKindName(MoveKind kind);            // "promotion", "step-back", ...
std::optional<MoveKind> ParseMoveKind(std::string_view name);

struct Move {
  std::string from;
  std::string to;
  MoveKind kind = MoveKind::kPromotion;  // derived when the file does not give it
  bool typical = false;
  std::string note;
};

enum class PolicyRule : uint8_t { kAny, kListed };

// Which moves that the framework does not list are allowed.
struct Policy {
  PolicyRule cross_track = PolicyRule::kAny;
  PolicyRule step_back = PolicyRule::kAny;
  PolicyRule skip_level = PolicyRule::kAny;
  PolicyRule entry = PolicyRule::kAny;
  PolicyRule exit = PolicyRule::kAny;
};

// How one move between two states (roles or destinations) is classified.
struct MoveClass {
  MoveKind kind = MoveKind::kStay;
  LevelChange level_change = LevelChange::kSame;  // for cross-track moves and promotions
  int level_delta = 0;                            // to.level - from.level, roles only
  bool listed = false;                            // the framework lists this move
  bool typical = false;                           // ... and marks it typical
  bool allowed = true;                            // the policy allows it
};

// A claim about how careers move, stated in the framework so the report can test it against the
// loaded data (the seed's claims ship in frameworks/infrastructure.toml). A claim names roles,
// tracks and destinations by id; its kind fixes the statistic (docs/framework-format.md).
enum class ClaimKind : uint8_t {
  kEnterAndLeaveAnywhere,  // tracks: every role of them has entries and exits
  kLeaversGoTo,            // from_track, to: share of moves out of the track going to `to`
  kCrossingsAllLevels,     // from_track, to_track: crossings come from every level
  kTopCrossing,            // from_track, to_track, from_role, to_role: the most frequent crossing
  kRoleLaterHolds,         // role, later: share of the role's holders who later hold `later`
  kTitleShare,             // role, title_of: share of the role's holders titled as `title_of`
  kBothDirections,         // tracks (two): crossings go both ways
  kTrackCount,             // tracks: the data supports as many tracks as these
};
std::string_view ClaimKindName(ClaimKind kind);  // "enter-and-leave-anywhere", ...
std::optional<ClaimKind> ParseClaimKind(std::string_view name);

struct Claim {
  std::string id;
  std::string statement;  // the claim in words, e.g. the seed's sentence
  ClaimKind kind = ClaimKind::kEnterAndLeaveAnywhere;
  std::vector<std::string> tracks;  // kEnterAndLeaveAnywhere, kBothDirections, kTrackCount
  std::vector<std::string> to;      // kLeaversGoTo: track or destination ids
  std::vector<std::string> ignore;  // kLeaversGoTo: destinations left out of the base (unknown ends)
  std::string from_track, to_track, from_role, to_role;
  std::string role, later, title_of;
  // Thresholds for share claims: supported when the 95 % interval lies above `at_least` (or
  // below `at_most`), not supported when it lies on the other side, else not enough data.
  std::optional<double> at_least, at_most;
  int64_t min_n = 20;  // fewer observations than this: not enough data
  std::string note;
};

class Framework {
 public:
  std::string id;
  std::string name;
  std::string version;
  std::string description;
  std::string source;

  std::vector<Competency> competencies;
  std::vector<Track> tracks;
  std::vector<Role> roles;
  std::vector<Destination> destinations;
  std::vector<Move> moves;
  Policy policy;
  std::vector<Claim> claims;

  // Builds the id indexes; the loader calls it once the vectors are filled.
  void Index();

  const Competency* FindCompetency(std::string_view id) const;
  const Track* FindTrack(std::string_view id) const;
  const Role* FindRole(std::string_view id) const;
  const Destination* FindDestination(std::string_view id) const;
  bool IsState(std::string_view id) const { return FindRole(id) || FindDestination(id); }

  // Roles of a track in level order.
  std::vector<const Role*> RolesOfTrack(std::string_view track_id) const;

  // Classifies from → to; both must be role or destination ids.
  MoveClass Classify(std::string_view from, std::string_view to) const;

  // The role whose alias matches `title` after normalisation (see NormalizeTitle), if any.
  const Role* RoleForTitle(std::string_view title) const;

 private:
  StringMap<size_t> competency_index_;
  StringMap<size_t> track_index_;
  StringMap<size_t> role_index_;
  StringMap<size_t> destination_index_;
  StringMap<size_t> alias_index_;  // normalised alias -> role
  StringMap<size_t> move_index_;   // "from\nto" -> move
};

// Title normalisation for alias matching: lower-case ASCII, every run of characters that are
// not letters or digits becomes one space, trimmed. "Sr. System-Administrator " and
// "sr system administrator" are the same title. Non-ASCII bytes are kept as they are.
std::string NormalizeTitle(std::string_view title);

}  // namespace careergraph

#endif  // CAREERGRAPH_MODEL_FRAMEWORK_H_
