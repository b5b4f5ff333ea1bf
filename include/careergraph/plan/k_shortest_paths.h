// K shortest simple paths: Yen's algorithm (J. Y. Yen, "Finding the K shortest loopless paths in
// a network", Management Science 17(11), 1971) on a directed graph with non-negative weights.
// The planner runs it on −log p of the fitted move probabilities, so the shortest paths are the
// most likely sequences of moves; networkx's shortest_simple_paths is the oracle in the tests.
// Thread-safety: a WeightedDigraph is immutable and shareable; a KShortestPaths object holds
// per-query scratch space and is used by one thread at a time (make one per thread).
#ifndef CAREERGRAPH_PLAN_K_SHORTEST_PATHS_H_
#define CAREERGRAPH_PLAN_K_SHORTEST_PATHS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace careergraph {

struct WeightedEdge {
  uint32_t from = 0;
  uint32_t to = 0;
  double weight = 0;  // >= 0 and finite
};

// A directed graph in compressed sparse row form, with the reverse graph for searches towards a
// target. Self-loops are dropped; of parallel edges the lightest is kept.
class WeightedDigraph {
 public:
  WeightedDigraph() = default;
  // Nodes are 0 .. nodes - 1. Precondition (checked with assert): every endpoint < nodes, every
  // weight finite and >= 0.
  static WeightedDigraph FromEdges(uint32_t nodes, std::span<const WeightedEdge> edges);

  uint32_t nodes() const { return static_cast<uint32_t>(out_offset_.empty() ? 0 : out_offset_.size() - 1); }
  size_t edges() const { return out_head_.size(); }

  // Out-edges of u: heads and weights [OutBegin(u), OutEnd(u)), sorted by head.
  uint32_t OutBegin(uint32_t u) const { return out_offset_[u]; }
  uint32_t OutEnd(uint32_t u) const { return out_offset_[u + 1]; }
  uint32_t Head(uint32_t e) const { return out_head_[e]; }
  double Weight(uint32_t e) const { return out_weight_[e]; }
  // In-edges of v: tails, and the index of the same edge in the out arrays.
  uint32_t InBegin(uint32_t v) const { return in_offset_[v]; }
  uint32_t InEnd(uint32_t v) const { return in_offset_[v + 1]; }
  uint32_t Tail(uint32_t i) const { return in_tail_[i]; }
  uint32_t InEdge(uint32_t i) const { return in_edge_[i]; }

 private:
  std::vector<uint32_t> out_offset_, out_head_;
  std::vector<double> out_weight_;
  std::vector<uint32_t> in_offset_, in_tail_, in_edge_;
};

struct WeightedPath {
  std::vector<uint32_t> nodes;  // source first, target last
  double cost = 0;              // sum of the edge weights
};

struct KShortestOptions {
  size_t k = 5;                      // >= 1
  std::optional<size_t> max_edges;   // only paths of at most this many edges (moves)
};

// Finds the k shortest simple (loopless) paths from source to target, cheapest first. Fewer
// when fewer exist (none when the target is unreachable, or source == target). Order: by cost;
// paths whose costs differ by less than 1e-12 relative are ordered by fewer edges, then by
// their node sequences compared lexicographically — deterministic whatever the edge order.
class KShortestPaths {
 public:
  explicit KShortestPaths(const WeightedDigraph& graph);
  ~KShortestPaths();
  KShortestPaths(const KShortestPaths&) = delete;
  KShortestPaths& operator=(const KShortestPaths&) = delete;

  std::vector<WeightedPath> Find(uint32_t source, uint32_t target, const KShortestOptions& options);

 private:
  struct Scratch;
  const WeightedDigraph& graph_;
  std::unique_ptr<Scratch> scratch_;
};

}  // namespace careergraph

#endif  // CAREERGRAPH_PLAN_K_SHORTEST_PATHS_H_
