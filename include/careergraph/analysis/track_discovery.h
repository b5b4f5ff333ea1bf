// Track discovery: how many tracks the observed moves support, inferred from the moves alone,
// and how they compare with the framework's tracks.
// Thread-safety: pure functions of their inputs; safe to call concurrently.
//
// The moves between roles (ComputeTransitions at role level; entries, exits and destinations
// left out) make an undirected weighted graph: roles are nodes, w(i, j) = moves i→j + moves j→i.
// Roles are grouped by maximising the Newman–Girvan modularity with resolution γ,
//   Q = Σ_c [ L_c / m − γ (K_c / 2m)² ],
// m the total weight, L_c the weight inside group c, K_c the summed strengths of its roles.
// Up to `exact_max_roles` roles every partition is enumerated, so each number of groups k gets
// its best Q exactly; above that, a Clauset–Newman–Moore agglomeration (merge the pair of groups
// with the largest ΔQ) gives a dendrogram, and each of its cuts is refined by moving single roles
// between groups while Q strictly improves. The number of groups is the k with the largest Q
// (fewest groups on ties), provided that Q beats the best Q of every one of `null_samples`
// degree-preserving random rewirings of the graph (the same roles and move counts per role, no
// structure); otherwise one group. Inside each group the roles are ordered to minimise the moves
// that go backwards (exact over subsets up to 16 roles, otherwise the Eades–Lin–Smyth greedy
// order improved by insertion moves). The result is compared with the framework's tracks:
// adjusted Rand index and normalised mutual information of the two partitions, Kendall's tau-b
// of the discovered order against framework levels, and the roles the data places differently;
// optionally, a bootstrap over people measures how stable the grouping is.
// Every tie is broken by framework order; the result is deterministic. See docs/analysis.md.
#ifndef CAREERGRAPH_ANALYSIS_TRACK_DISCOVERY_H_
#define CAREERGRAPH_ANALYSIS_TRACK_DISCOVERY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "careergraph/analysis/transitions.h"
#include "careergraph/base/progress.h"
#include "careergraph/base/status.h"
#include "careergraph/model/framework.h"
#include "careergraph/model/population.h"

namespace careergraph {

struct TrackDiscoveryOptions {
  std::optional<int> groups;  // force exactly this many groups (1 .. placed roles)
  double resolution = 1.0;    // γ > 0: larger favours more, smaller groups
  int64_t min_moves = 1;      // a role with fewer moves to or from other roles is unplaced
  // Which moves count (since / until / where); `level` is ignored (always roles).
  TransitionOptions filter;
  // When not empty, only these roles and the moves between them are considered (e.g. the roles
  // of two tracks, to ask whether the data separates them); the others are left out of every
  // result but `roles`. Unknown ids are an error.
  std::vector<std::string> only_roles;
  // The best Q must beat the best Q of this many degree-preserving rewirings of the graph (a
  // Monte Carlo test at p = 1 / (samples + 1)) for a split to count as supported; 0: any split
  // with Q above one group's counts. Deterministic: rewiring s uses seed s + 1.
  int null_samples = 19;
  // Resamples of people (with replacement) to measure how stable the grouping is; 0: none.
  // Each costs one more search (no rewiring test). Deterministic: resample b uses seed 1000003 + b.
  int bootstrap = 0;
  // Enumerate every partition up to this many placed roles (Bell(12) ≈ 4.2 million); above it,
  // agglomeration + refinement. At most 13.
  int exact_max_roles = 12;
  // Long work (the rewirings and resamples) reports here; when it says Cancelled(), discovery
  // stops with kCancelled. Not owned; may be null.
  Progress* progress = nullptr;
};

// A directed move count between two roles.
struct RoleMoveCount {
  std::string from;
  std::string to;
  int64_t count = 0;
};

struct DiscoveredGroup {
  int number = 0;                   // 1-based, in output order
  std::vector<std::string> roles;   // bottom to top: the order with the fewest backward moves
  std::string track;                // the framework track sharing most roles with the group
  int64_t overlap = 0;              //   how many roles it shares
  int64_t internal_moves = 0;       // moves between two roles of the group
  int64_t backward_moves = 0;       //   of them, against the order
  int64_t strength = 0;             // moves touching a role of the group (K_c; inside ones twice)
  std::optional<double> tau_b;      // the order against framework levels (pairs of one track)
  std::optional<double> stability;  // mean stability of its roles (with a bootstrap)
};

struct PlacedDifferently {
  std::string role;
  std::string framework_track;
  int group = 0;                  // its discovered group's number
  std::string group_track;        // the track that group is matched to
  int64_t moves_with_group = 0;   // moves between the role and the rest of its group
  int64_t moves_with_track = 0;   // moves between the role and the placed rest of its track
  std::vector<RoleMoveCount> pull;  // the moves with the rest of its group, largest first
};

// One role's line in the role → group table, framework order.
struct RolePlacement {
  std::string role;
  std::string framework_track;
  int framework_level = 0;
  int64_t moves = 0;   // moves to or from other roles (its strength before --min-moves)
  bool considered = true;  // false: left out by only_roles
  int group = 0;       // 0: unplaced or left out
  int position = 0;    // 1-based position in the group's order; 0: unplaced
  bool differs = false;  // the group is matched to another track than the role's
  // With a bootstrap: over the resamples that place it, the mean share of the other roles (placed
  // in both) it is together with, or apart from, as in this result. 1: always the same company.
  std::optional<double> stability;
};

struct TrackDiscovery {
  double resolution = 1.0;
  int64_t min_moves = 1;
  bool forced = false;         // the number of groups was given
  bool exact = false;          // every partition enumerated (else agglomeration + refinement)
  int64_t moves = 0;           // moves between placed roles (m)
  int placed_roles = 0;        // roles in the graph
  int framework_tracks = 0;    // tracks with a placed role
  double modularity = 0;       // Q of the result
  int best_k = 1;              // the number of groups with the largest Q (fewest on ties)
  // The best Q of each rewired graph, and the Monte Carlo p-value of the best Q against them:
  // (1 + samples reaching it) / (1 + samples); nullopt without samples.
  std::vector<double> null_modularity;
  std::optional<double> p_value;
  // best_k > 1 and no rewired graph reached its Q: the data supports best_k groups. When not
  // (and no number is forced), the result is one group.
  bool supported = false;
  // modularity_by_k[k - 1]: the best Q found with k groups, k = 1 .. placed roles.
  std::vector<double> modularity_by_k;
  std::vector<DiscoveredGroup> groups;  // by their first role in framework order
  std::vector<RolePlacement> roles;     // every role of the framework, framework order
  std::vector<std::string> unplaced;    // considered, fewer than min_moves moves; framework order
  double ari = 0;                       // adjusted Rand index, placed roles, groups vs tracks
  double nmi = 0;                       // normalised mutual information (arithmetic mean)
  std::optional<double> tau_b;          // pooled over the groups' same-track pairs
  std::vector<PlacedDifferently> placed_differently;  // framework order
  // Bootstrap: resamples drawn; per k, how many resamples had their largest Q at k; the mean
  // ARI between a resample's grouping and this one (over roles placed in both).
  int bootstrap = 0;
  std::vector<int64_t> bootstrap_k;
  std::optional<double> bootstrap_ari;
  // The graph: directed move counts between placed roles (from, then to, in framework order).
  std::vector<RoleMoveCount> edges;
};

// The checks DiscoverTracks makes of its options alone (kInvalidArgument naming the flag), for
// a caller that wants them before loading anything.
Status CheckTrackDiscoveryOptions(const TrackDiscoveryOptions& options);

// Infers tracks from the moves of `population`. kInvalidArgument for options out of range (a
// forced number of groups above the placed roles names how many there are), an unknown role in
// only_roles, when no two roles have a move between them, and for the errors of ComputeTransitions.
Result<TrackDiscovery> DiscoverTracks(const Population& population, const Framework& framework,
                                      const TrackDiscoveryOptions& options = {});

// Building blocks, exposed for tests and the report. Partitions are group labels per node.
//
// Modularity of `group` (labels 0..k-1) on the symmetric weight matrix `w` (n × n, row-major,
// zero diagonal) with resolution γ. 0 when the graph has no weight.
double Modularity(const std::vector<int64_t>& w, size_t n, const std::vector<int>& group,
                  double resolution);
// Adjusted Rand index (Hubert & Arabie 1985) and NMI (arithmetic-mean normalisation, natural
// logs) of two labelings of the same items. Both are 1 for identical labelings, including the
// degenerate ones (one cluster, or all singletons, on both sides).
double AdjustedRandIndex(const std::vector<int>& a, const std::vector<int>& b);
double NormalizedMutualInformation(const std::vector<int>& a, const std::vector<int>& b);
// Kendall's tau-b of x against y over the pairs of items in the same stratum; nullopt when
// there is no such pair untied in x, or none untied in y.
std::optional<double> KendallTauB(const std::vector<int>& x, const std::vector<int>& y,
                                  const std::vector<int>& stratum);
// The order of `nodes` (indices into the n × n directed count matrix `c`) with the fewest
// backward moves (c[j][i] for i placed before j); exact up to 16 nodes (ties: the first node that
// keeps the optimum, in input order), above that Eades–Lin–Smyth then insertion moves.
std::vector<int> OrderByNetDirection(const std::vector<int64_t>& c, size_t n,
                                     const std::vector<int>& nodes);

}  // namespace careergraph

#endif  // CAREERGRAPH_ANALYSIS_TRACK_DISCOVERY_H_
