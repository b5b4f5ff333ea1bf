// Flows: the track-level picture of mobility — who crossed from which track and level to which,
// the track × track matrix, and where people enter and leave each track.
// Thread-safety: pure functions of their inputs; safe to call concurrently.
//
// Flows are an aggregation of the role-level moves of analysis/transitions.h (ComputeTransitions,
// with the same entries, exits, censoring and --since/--until/--where filters): each move is
// mapped to its tracks and levels through the framework. A move between two roles of one track is
// a promotion or a step-back (the matrix's diagonal, split by kind); between roles of two tracks a
// cross-track flow; from a destination (`outside`, `left-it`, ...) into a role an entry; from a
// role to a destination an exit.
#ifndef CAREERGRAPH_ANALYSIS_FLOWS_H_
#define CAREERGRAPH_ANALYSIS_FLOWS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "careergraph/analysis/transitions.h"
#include "careergraph/base/status.h"
#include "careergraph/model/framework.h"
#include "careergraph/model/population.h"

namespace careergraph {

// Moves from a role of one track to a role of another.
struct CrossTrackFlow {
  std::string from_track;
  int from_level = 0;
  std::string from_role;
  std::string to_track;
  int to_level = 0;
  std::string to_role;
  int64_t count = 0;
  double share = 0;  // count / all cross-track moves
};

// One cell of the track × track matrix. On the diagonal (from == to) the moves within the track,
// split into promotions and step-backs; elsewhere cross-track moves (promotions = step_backs = 0).
struct TrackPairCount {
  std::string from;
  std::string to;
  int64_t count = 0;
  int64_t promotions = 0;
  int64_t step_backs = 0;
  double share = 0;  // count / all moves out of `from` to a track (the row's total); 0 if none
};

// Entries into a role of a track from a destination, or exits from a role of a track to one.
struct BoundaryFlow {
  std::string track;
  int level = 0;
  std::string role;
  std::string destination;  // where the entry came from, or where the exit went
  int64_t count = 0;
  double share = 0;  // count / all entries into (exits from) the track
};

struct TrackTotal {
  std::string track;
  int64_t count = 0;
};

struct FlowTable {
  std::vector<std::string> tracks;        // framework order
  std::vector<std::string> destinations;  // framework order, then `outside` if not among them
  // By count (descending), then from (track order, level), then to (track order, level).
  std::vector<CrossTrackFlow> cross_track;
  // Every (from, to) pair of tracks, zeros included, row-major in framework order: tracks² cells.
  std::vector<TrackPairCount> matrix;
  // By track (framework order), level, then destination (framework order); counts > 0 only.
  std::vector<BoundaryFlow> entries;
  std::vector<BoundaryFlow> exits;
  // One per track, framework order, zeros included.
  std::vector<TrackTotal> entries_by_track;
  std::vector<TrackTotal> exits_by_track;

  int64_t total = 0;     // all moves counted (entries, exits and moves between roles)
  int64_t people = 0;    // people who passed the filters
  int64_t censored = 0;  // of them, careers still running

  // The cell from → to of `matrix` (both must be track ids of `tracks`).
  const TrackPairCount& Cell(std::string_view from, std::string_view to) const;
};

// Aggregates the role-level moves of ComputeTransitions(population, framework, options) into
// flows; `options.level` is ignored (flows always start from roles). Errors as ComputeTransitions.
Result<FlowTable> ComputeFlows(const Population& population, const Framework& framework,
                               const TransitionOptions& options = {});

// The same from a role-level table already computed (e.g. by the report, which shows both), so
// the moves are not counted twice. kInvalidArgument for a track-level table.
Result<FlowTable> FlowsFromMoves(const TransitionTable& role_moves, const Framework& framework);

}  // namespace careergraph

#endif  // CAREERGRAPH_ANALYSIS_FLOWS_H_
