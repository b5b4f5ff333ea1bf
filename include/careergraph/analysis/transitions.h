// Transitions: how people really move between roles (or tracks), entries and exits included,
// each move classified by the framework.
// Thread-safety: pure functions of their inputs; safe to call concurrently.
//
// A move is two consecutive spells of one person, dated at the start of the second. A person's
// first spell is an entry from `outside` (or, when that spell is in a destination, the move
// out of it is an entry from that destination); a spell in a destination records an exit to it;
// a last role spell that has ended is an exit to `outside`; an ongoing last spell is censored
// (no move). Two consecutive destination spells make no move (neither end is a role), nor do
// two consecutive spells in the same role (a title change is not a move).
#ifndef CAREERGRAPH_ANALYSIS_TRANSITIONS_H_
#define CAREERGRAPH_ANALYSIS_TRANSITIONS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "careergraph/base/status.h"
#include "careergraph/model/framework.h"
#include "careergraph/model/population.h"

namespace careergraph {

enum class TransitionLevel { kRole, kTrack };

// The destination every career comes from and leaves to when the data names no other.
inline constexpr const char* kOutside = "outside";

struct TransitionOptions {
  TransitionLevel level = TransitionLevel::kRole;
  std::optional<int32_t> since;  // days; only moves dated on or after
  std::optional<int32_t> until;  // days; only moves dated on or before
  // Person attribute filters, all of which must hold (attribute name, value).
  std::vector<std::pair<std::string, std::string>> where;
};

struct TransitionCount {
  std::string from;  // role, track or destination id
  std::string to;
  MoveKind kind = MoveKind::kStay;
  int64_t count = 0;
  double rate = 0;  // count / all moves out of `from`
  // At role level, what the framework says of this move (at track level: false).
  bool listed = false;
  bool typical = false;
  bool allowed = true;
};

struct TransitionTable {
  TransitionLevel level = TransitionLevel::kRole;
  // Sorted by `from` (framework order: roles by track and level, then destinations), then by
  // count (descending), then `to` — deterministic.
  std::vector<TransitionCount> moves;
  std::array<int64_t, 6> by_kind{};  // indexed by MoveKind
  int64_t total = 0;                 // moves counted
  int64_t people = 0;                // people who passed the filters
  int64_t censored = 0;              // of them, careers still running (an ongoing last spell)
};

// Counts the moves of `population` against `framework`. kInvalidArgument for an unknown
// attribute in `where` (naming the known ones), or for a state in the population that the
// framework does not know.
Result<TransitionTable> ComputeTransitions(const Population& population, const Framework& framework,
                                           const TransitionOptions& options = {});

std::string_view TransitionLevelName(TransitionLevel level);

// The states of a level in framework order: roles by track and level (or tracks), then
// destinations, then `outside` when `with_outside` and the framework has no destination of that
// name. The order every analysis reports in, and its ties break by.
std::vector<std::string> UnitIds(const Framework& framework, TransitionLevel level, bool with_outside);

// Which people pass the attribute filters `where` (all must hold): keep[p] != 0. Shared by every
// analysis with a --where. kInvalidArgument for an unknown attribute (naming the known ones).
Result<std::vector<uint8_t>> PeopleWhere(const Population& population,
                                         const std::vector<std::pair<std::string, std::string>>& where);

}  // namespace careergraph

#endif  // CAREERGRAPH_ANALYSIS_TRANSITIONS_H_
