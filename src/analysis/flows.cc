// Track flows (see analysis/flows.h): one pass over the role-level rows of ComputeTransitions,
// each mapped to tracks and levels through the framework, into a dense track × track array and
// ordered maps keyed by (track, level, destination); then sorted rows. O(rows of the transition
// table), which is at most (roles + destinations)² × kinds — independent of the population size.
#include "careergraph/analysis/flows.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace careergraph {

const TrackPairCount& FlowTable::Cell(std::string_view from, std::string_view to) const {
  const size_t n = tracks.size();
  const size_t f = static_cast<size_t>(std::find(tracks.begin(), tracks.end(), from) - tracks.begin());
  const size_t t = static_cast<size_t>(std::find(tracks.begin(), tracks.end(), to) - tracks.begin());
  return matrix.at(f * n + t);
}

Result<FlowTable> ComputeFlows(const Population& pop, const Framework& fw, const TransitionOptions& options) {
  TransitionOptions role_options = options;
  role_options.level = TransitionLevel::kRole;
  Result<TransitionTable> moves = ComputeTransitions(pop, fw, role_options);
  if (!moves) return Error(moves.error());
  return FlowsFromMoves(*moves, fw);
}

Result<FlowTable> FlowsFromMoves(const TransitionTable& moves, const Framework& fw) {
  if (moves.level != TransitionLevel::kRole) {
    return Error(Status::Invalid("flows are built from role-level moves; got a track-level table"));
  }
  FlowTable out;
  out.total = moves.total;
  out.people = moves.people;
  out.censored = moves.censored;

  StringMap<size_t> track_index;
  for (const Track& t : fw.tracks) {
    track_index.emplace(t.id, out.tracks.size());
    out.tracks.push_back(t.id);
  }
  StringMap<size_t> destination_index;
  auto add_destination = [&](const std::string& id) {
    if (destination_index.emplace(id, out.destinations.size()).second) out.destinations.push_back(id);
  };
  for (const Destination& d : fw.destinations) add_destination(d.id);
  add_destination(kOutside);
  const size_t n_tracks = out.tracks.size();

  std::vector<int64_t> cell(n_tracks * n_tracks, 0), promotions(n_tracks, 0), step_backs(n_tracks, 0);
  // Keyed so that map order is the output order: (track, level, destination) in framework order.
  using BoundaryKey = std::tuple<size_t, int, size_t>;
  std::map<BoundaryKey, int64_t> entries, exits;
  std::vector<int64_t> entries_by_track(n_tracks, 0), exits_by_track(n_tracks, 0);
  int64_t cross_total = 0;

  for (const TransitionCount& m : moves.moves) {
    const Role* from = fw.FindRole(m.from);
    const Role* to = fw.FindRole(m.to);
    if (from && to) {
      const size_t f = track_index.at(from->track), t = track_index.at(to->track);
      cell[f * n_tracks + t] += m.count;
      if (f == t) {
        if (m.kind == MoveKind::kPromotion) promotions[f] += m.count;
        if (m.kind == MoveKind::kStepBack) step_backs[f] += m.count;
        continue;
      }
      CrossTrackFlow flow;
      flow.from_track = from->track;
      flow.from_level = from->level;
      flow.from_role = from->id;
      flow.to_track = to->track;
      flow.to_level = to->level;
      flow.to_role = to->id;
      flow.count = m.count;
      cross_total += m.count;
      out.cross_track.push_back(std::move(flow));
    } else if (to) {  // from a destination: an entry
      const size_t t = track_index.at(to->track);
      entries[{t, to->level, destination_index.at(m.from)}] += m.count;
      entries_by_track[t] += m.count;
    } else if (from) {  // to a destination: an exit
      const size_t f = track_index.at(from->track);
      exits[{f, from->level, destination_index.at(m.to)}] += m.count;
      exits_by_track[f] += m.count;
    }
    // Destination to destination: ComputeTransitions records no such move.
  }

  for (CrossTrackFlow& f : out.cross_track) {
    f.share = static_cast<double>(f.count) / static_cast<double>(cross_total);
  }
  auto key = [&](const CrossTrackFlow& f) {
    return std::make_tuple(-f.count, track_index.at(f.from_track), f.from_level, track_index.at(f.to_track),
                           f.to_level);
  };
  std::sort(out.cross_track.begin(), out.cross_track.end(),
            [&](const CrossTrackFlow& a, const CrossTrackFlow& b) { return key(a) < key(b); });

  for (size_t f = 0; f < n_tracks; ++f) {
    int64_t row = 0;
    for (size_t t = 0; t < n_tracks; ++t) row += cell[f * n_tracks + t];
    for (size_t t = 0; t < n_tracks; ++t) {
      TrackPairCount c;
      c.from = out.tracks[f];
      c.to = out.tracks[t];
      c.count = cell[f * n_tracks + t];
      if (f == t) {
        c.promotions = promotions[f];
        c.step_backs = step_backs[f];
      }
      c.share = row ? static_cast<double>(c.count) / static_cast<double>(row) : 0;
      out.matrix.push_back(std::move(c));
    }
  }

  auto boundary = [&](const std::map<BoundaryKey, int64_t>& counts, const std::vector<int64_t>& by_track,
                      std::vector<BoundaryFlow>* rows) {
    for (const auto& [k, count] : counts) {
      const auto& [t, level, d] = k;
      BoundaryFlow b;
      b.track = out.tracks[t];
      b.level = level;
      for (const Role* r : fw.RolesOfTrack(b.track)) {
        if (r->level == level) b.role = r->id;
      }
      b.destination = out.destinations[d];
      b.count = count;
      b.share = static_cast<double>(count) / static_cast<double>(by_track[t]);
      rows->push_back(std::move(b));
    }
  };
  boundary(entries, entries_by_track, &out.entries);
  boundary(exits, exits_by_track, &out.exits);
  for (size_t t = 0; t < n_tracks; ++t) {
    out.entries_by_track.push_back({out.tracks[t], entries_by_track[t]});
    out.exits_by_track.push_back({out.tracks[t], exits_by_track[t]});
  }
  return out;
}

}  // namespace careergraph
