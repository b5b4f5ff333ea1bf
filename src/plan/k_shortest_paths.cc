// Yen's k shortest simple paths (J. Y. Yen 1971) with Lawler's refinement (E. L. Lawler, "A procedure
// for computing the K best solutions to discrete optimization problems", Management Science 18(7),
// 1972) and A* spur searches over an exact potential.
//
// Per query:
//   1. Potentials towards the target. Without max_edges, one Dijkstra on the reverse graph gives
//      h(v), the cheapest cost from v to the target, and a tree of best continuations (one next edge
//      a node) chosen in the header's order: cost, then fewer edges, then the smaller next node.
//      The last rule is the lexicographic order of whole continuations, because every node's
//      continuation is its successor's best one, so two continuations from v first differ at their
//      second node. With max_edges = L, a hop-bounded Bellman–Ford gives the same for "at most r
//      more edges", r = 0..L: row r from row r − 1, relaxing only the in-edges of the nodes whose
//      row changed (the frontier), and only for nodes the source can reach in L − r edges (the
//      rows nothing will read are skipped).
//   2. The first path is the tree's continuation from the source.
//   3. Yen: for the newest path P and each spur index i, the cheapest path from P[i] to the target
//      that avoids the root's nodes P[0..i-1] and the next edges of every found path sharing the
//      root P[0..i] — root + spur is a candidate. Each (path, spur index) owns a disjoint class of
//      the paths not yet found and its candidate is the best of the class, so the best candidate is
//      the next path. Lawler: P's spurs start at the index where P left the path it was spurred
//      from; the earlier ones were searched with that path and would only repeat its classes (so
//      no candidate is generated twice; a binary search of the found and candidate lists, both
//      in the header's order, stays as a guard). The edges a spur must avoid come from a trie of
//      the found paths' prefixes, so nothing is quadratic in k.
//   4. Spur searches are A* with the potential of step 1, which stays admissible and consistent
//      when nodes and edges are removed (that only lengthens distances). With max_edges the state
//      is (node, edges used), so the potential is the exact hop-bounded one. A popped label whose
//      tree continuation avoids the removed nodes is finished there: the continuation is the
//      cheapest possible and the best of the equally cheap ones, so a spur search usually settles
//      a handful of labels.
//   5. Pruning: only the best k − |found| candidates are kept (no other can be output); once that
//      many are held, a spur whose root cost + h(spur) passes the worst of them is skipped and a
//      spur search stops when its lower bound does (a cost within the tie tolerance still counts:
//      it may win on edges or nodes).
//
// Ties. Labels are compared in the header's order: cost within the tolerance, then edges, then the
// node sequence (pred chains walked in lockstep, only on exact ties). The heap pops by (f, edges),
// so on exact ties every predecessor of a label is expanded before it. A label improved after its
// expansion (a tie the heap saw as an ulp apart) is pushed again, which keeps the tie rule exact
// for costs that are equal in real arithmetic but rounded differently, e.g. 0.1 + 0.2 + 0.3 and
// 0.3 + 0.2 + 0.1. (Partial sums are compared with the same tolerance, so two costs that really
// differ by less than 1e-12 may be told apart by rounding; real ties never are.) Costs returned are
// the sums of the edge weights from the source, in path order.
//
// Complexity, n nodes, m edges, a path of at most ℓ edges: the potentials cost O(m + n log n)
// (O(L·m) at worst with max_edges, less where the frontier empties early); then at most k·ℓ
// spur searches, each O(m + n log n) at worst (O((L+1)·(m + n log n)) on the layered space) but
// on a graph with a good potential only the labels near the spur. Memory: O(n + m) of scratch,
// O(n·(L+1)) with max_edges (the potential rows and the layered labels; states are 32-bit, so
// n·(L+1) < 2^32), kept between queries so that a query allocates only its results and the
// candidates' node lists on first use.
#include "careergraph/plan/k_shortest_paths.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <deque>
#include <limits>
#include <utility>

namespace careergraph {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
// The header's tie tolerance: within 1e-12 of the larger cost, which absorbs the rounding of sums
// taken in different orders and nothing anyone would call a different cost.
constexpr double kRelTol = 1e-12;

// a is cheaper than b beyond the tolerance (costs are >= 0).
bool CostLess(double a, double b) { return a < b && (b == kInf || b - a > kRelTol * b); }

// The header's order on (cost, edges); 0 when only the node sequences can tell the two apart.
int CompareCostEdges(double cost_a, size_t edges_a, double cost_b, size_t edges_b) {
  if (CostLess(cost_a, cost_b)) return -1;
  if (CostLess(cost_b, cost_a)) return 1;
  return edges_a < edges_b ? -1 : edges_a > edges_b ? 1 : 0;
}

struct HeapItem {
  double f;       // cost so far + potential: a lower bound on every path through the label
  uint32_t hops;  // edges so far
  uint32_t state;
  uint32_t version;  // the label's version when pushed; an older entry is skipped when popped
};

// std::push_heap builds a max-heap; this makes it a min-heap by (f, hops). Fewer hops first so
// that, on exact ties, a label's predecessors are expanded before the label itself.
bool HeapAfter(const HeapItem& a, const HeapItem& b) { return a.f != b.f ? a.f > b.f : a.hops > b.hops; }

// Epoch stamps: an entry is current when it holds the epoch. On wrap-around the stamps are cleared
// so that no stale entry can match.
void NextEpoch(uint32_t& epoch, std::vector<uint32_t>& stamps) {
  if (++epoch == 0) {
    std::fill(stamps.begin(), stamps.end(), 0);
    epoch = 1;
  }
}

uint64_t HashNodes(const std::vector<uint32_t>& nodes) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a over the ids
  for (uint32_t v : nodes) h = (h ^ v) * 1099511628211ull;
  return h;
}

}  // namespace

WeightedDigraph WeightedDigraph::FromEdges(uint32_t nodes, std::span<const WeightedEdge> edges) {
  std::vector<WeightedEdge> kept;
  kept.reserve(edges.size());
  for (const WeightedEdge& e : edges) {
    assert(e.from < nodes && e.to < nodes);
    assert(std::isfinite(e.weight) && e.weight >= 0);
    if (e.from != e.to) kept.push_back(e);
  }
  assert(kept.size() < kNone);
  // Sorted by (from, to, weight), the first of each (from, to) run is the lightest parallel edge.
  std::sort(kept.begin(), kept.end(), [](const WeightedEdge& a, const WeightedEdge& b) {
    if (a.from != b.from) return a.from < b.from;
    if (a.to != b.to) return a.to < b.to;
    return a.weight < b.weight;
  });
  kept.erase(std::unique(kept.begin(), kept.end(),
                         [](const WeightedEdge& a, const WeightedEdge& b) { return a.from == b.from && a.to == b.to; }),
             kept.end());

  WeightedDigraph g;
  g.out_offset_.assign(size_t{nodes} + 1, 0);
  g.in_offset_.assign(size_t{nodes} + 1, 0);
  for (const WeightedEdge& e : kept) {
    ++g.out_offset_[e.from + 1];
    ++g.in_offset_[e.to + 1];
  }
  for (uint32_t v = 0; v < nodes; ++v) {
    g.out_offset_[v + 1] += g.out_offset_[v];
    g.in_offset_[v + 1] += g.in_offset_[v];
  }
  g.out_head_.resize(kept.size());
  g.out_weight_.resize(kept.size());
  g.in_tail_.resize(kept.size());
  g.in_edge_.resize(kept.size());
  std::vector<uint32_t> cursor(g.in_offset_.begin(), g.in_offset_.end() - 1);
  for (uint32_t i = 0; i < kept.size(); ++i) {
    // kept is in out-edge order already; walking it in that order also sorts each in-list by tail.
    g.out_head_[i] = kept[i].to;
    g.out_weight_[i] = kept[i].weight;
    const uint32_t slot = cursor[kept[i].to]++;
    g.in_tail_[slot] = kept[i].from;
    g.in_edge_[slot] = i;
  }
  return g;
}

struct KShortestPaths::Scratch {
  struct Path {
    std::vector<uint32_t> nodes;  // source .. target
    std::vector<uint32_t> edges;  // out-edge indices, nodes.size() - 1 of them
    double cost = 0;
    size_t deviation = 0;  // the spur index it was found at: its own spurs start there (Lawler)
    uint64_t hash = 0;
  };

  explicit Scratch(const WeightedDigraph& graph) : g(graph) {}

  const WeightedDigraph& g;
  uint32_t n = 0;
  uint32_t target = 0;
  uint32_t max_edges = 0;  // L, on the layered space only
  uint32_t start = 0;      // the spur node of the current search

  // Potentials: distance to the target, edges of the best continuation and its first edge. Index
  // v, or r·n + v on the layered space (at most r more edges).
  std::vector<double> pot;
  std::vector<uint32_t> pot_hops, pot_next;
  std::vector<uint32_t> reach, frontier, next_frontier, frontier_stamp;
  uint32_t frontier_epoch = 0;

  // Spur-search labels, by state: v, or j·n + v on the layered space (j edges used). A label is
  // current when its stamp is the epoch; the tree_ok memo (by potential index) shares the epoch.
  std::vector<uint32_t> stamp, tree_stamp;
  std::vector<double> dist;
  std::vector<uint32_t> hops, pred, pred_edge, version;
  std::vector<uint8_t> tree_ok;
  uint32_t epoch = 0;
  std::vector<uint32_t> removed_node, removed_edge;
  uint32_t node_epoch = 0, edge_epoch = 0;
  std::vector<HeapItem> heap;
  std::vector<size_t> walk;

  // The best completed spur path of the current search (spur node .. target).
  bool have_best = false;
  double best_cost = 0;
  size_t best_hops = 0;
  std::vector<uint32_t> best_nodes, best_edges, try_nodes, try_edges;

  // Found paths and candidates, as slots of a pool whose vectors keep their capacity.
  std::deque<Path> pool;
  std::vector<uint32_t> free_slots, found, candidates;
  std::vector<double> prefix;

  // The found paths as a trie of prefixes: the next edges of every found path sharing the root
  // P[0..i] are the children of P's i-th trie node (the edges a spur at i must avoid), so no
  // found path is compared with another.
  struct TrieNode {
    uint32_t edge, first_child, next_sibling;
  };
  std::vector<TrieNode> trie;
  std::vector<uint32_t> along;  // the newest path's trie nodes, one per node of the path

  void AddToTrie(const Path& p) {
    along.assign(1, 0);
    uint32_t at = 0;
    for (uint32_t e : p.edges) {
      uint32_t child = trie[at].first_child;
      while (child != kNone && trie[child].edge != e) child = trie[child].next_sibling;
      if (child == kNone) {
        child = static_cast<uint32_t>(trie.size());
        trie.push_back({e, kNone, trie[at].first_child});
        trie[at].first_child = child;
      }
      at = child;
      along.push_back(at);
    }
  }

  void Push(const HeapItem& item) {
    heap.push_back(item);
    std::push_heap(heap.begin(), heap.end(), HeapAfter);
  }
  HeapItem Pop() {
    std::pop_heap(heap.begin(), heap.end(), HeapAfter);
    const HeapItem top = heap.back();
    heap.pop_back();
    return top;
  }

  template <bool kLayered>
  size_t PotIndex(uint32_t v, size_t j) const {
    if constexpr (kLayered) return (max_edges - j) * n + v;
    return v;
  }
  template <bool kLayered>
  uint32_t State(uint32_t v, size_t j) const {
    if constexpr (kLayered) return static_cast<uint32_t>(j * n + v);
    return v;
  }
  uint32_t NodeOf(uint32_t x) const { return pred_edge[x] == kNone ? start : g.Head(pred_edge[x]); }

  // ReversePotentials' heap: nodes in a 4-ary heap by (pot, pot_hops) with their positions, so an
  // improved node moves within the heap instead of being pushed again. (The lazy heap the spur
  // searches use spent most of a query here, popping stale entries.)
  std::vector<uint32_t> node_heap, node_pos;
  bool NodeBefore(uint32_t a, uint32_t b) const {
    return pot[a] != pot[b] ? pot[a] < pot[b] : pot_hops[a] < pot_hops[b];
  }
  void NodeSiftUp(size_t i) {
    const uint32_t x = node_heap[i];
    while (i > 0) {
      const size_t parent = (i - 1) / 4;
      if (!NodeBefore(x, node_heap[parent])) break;
      node_heap[i] = node_heap[parent];
      node_pos[node_heap[i]] = static_cast<uint32_t>(i);
      i = parent;
    }
    node_heap[i] = x;
    node_pos[x] = static_cast<uint32_t>(i);
  }
  void NodeSiftDown(size_t i) {
    const uint32_t x = node_heap[i];
    const size_t size = node_heap.size();
    for (;;) {
      const size_t first = 4 * i + 1;
      if (first >= size) break;
      size_t best = first;
      for (size_t c = first + 1; c < std::min(first + 4, size); ++c) {
        if (NodeBefore(node_heap[c], node_heap[best])) best = c;
      }
      if (!NodeBefore(node_heap[best], x)) break;
      node_heap[i] = node_heap[best];
      node_pos[node_heap[i]] = static_cast<uint32_t>(i);
      i = best;
    }
    node_heap[i] = x;
    node_pos[x] = static_cast<uint32_t>(i);
  }
  // After u's key changed: it may have gone either way (a tie within the tolerance with fewer edges
  // can raise the cost by an ulp). A node already popped goes back in.
  void NodeUpdate(uint32_t u) {
    if (node_pos[u] == kNone) {
      node_heap.push_back(u);
      NodeSiftUp(node_heap.size() - 1);
    } else {
      NodeSiftUp(node_pos[u]);
      NodeSiftDown(node_pos[u]);
    }
  }
  uint32_t NodePop() {
    const uint32_t top = node_heap[0];
    node_pos[top] = kNone;
    const uint32_t last = node_heap.back();
    node_heap.pop_back();
    if (!node_heap.empty()) {
      node_heap[0] = last;
      NodeSiftDown(0);
    }
    return top;
  }

  // Reverse Dijkstra from the target over the whole graph (step 1 without max_edges).
  void ReversePotentials() {
    pot.assign(n, kInf);
    pot_hops.assign(n, 0);
    pot_next.assign(n, kNone);
    node_pos.assign(n, kNone);
    node_heap.clear();
    pot[target] = 0;
    NodeUpdate(target);
    while (!node_heap.empty()) {
      const uint32_t v = NodePop();
      const double cost = pot[v];
      const uint32_t edges = pot_hops[v] + 1;
      for (uint32_t i = g.InBegin(v); i < g.InEnd(v); ++i) {
        const uint32_t u = g.Tail(i);
        const double c = cost + g.Weight(g.InEdge(i));
        if (c > pot[u] && c - pot[u] > kRelTol * c) continue;  // the common case: clearly no better
        if (u == target) continue;
        const uint32_t e = g.InEdge(i);
        int cmp = CompareCostEdges(c, edges, pot[u], pot_hops[u]);
        // A tie goes to the smaller next node; the same next node means v is expanded again
        // because its own continuation changed, which u's must follow.
        if (cmp == 0) cmp = v <= g.Head(pot_next[u]) ? -1 : 1;
        if (cmp >= 0) continue;
        pot[u] = c;
        pot_hops[u] = edges;
        pot_next[u] = e;
        NodeUpdate(u);
      }
    }
  }

  // Hop-bounded Bellman–Ford towards the target, rows r = 0..L (step 1 with max_edges).
  void HopBoundedPotentials(uint32_t source) {
    const size_t rows = size_t{max_edges} + 1;
    // reach[v]: fewest edges from the source (breadth first, up to L). Row r of v is read only if
    // reach[v] + r <= L, and computing it needs only rows of nodes that satisfy the same.
    reach.assign(n, kNone);
    frontier.assign(1, source);
    reach[source] = 0;
    for (uint32_t depth = 1; depth <= max_edges && !frontier.empty(); ++depth) {
      next_frontier.clear();
      for (uint32_t v : frontier) {
        for (uint32_t e = g.OutBegin(v); e < g.OutEnd(v); ++e) {
          const uint32_t w = g.Head(e);
          if (reach[w] == kNone) {
            reach[w] = depth;
            next_frontier.push_back(w);
          }
        }
      }
      std::swap(frontier, next_frontier);
    }

    pot.resize(rows * n);
    pot_hops.resize(rows * n);
    pot_next.resize(rows * n);
    std::fill(pot.begin(), pot.begin() + n, kInf);
    std::fill(pot_hops.begin(), pot_hops.begin() + n, 0);
    std::fill(pot_next.begin(), pot_next.begin() + n, kNone);
    pot[target] = 0;
    frontier.assign(1, target);
    frontier_stamp.resize(n);
    for (size_t r = 1; r < rows; ++r) {
      const size_t row = r * n, prev = (r - 1) * n;
      std::copy(pot.begin() + prev, pot.begin() + row, pot.begin() + row);
      std::copy(pot_hops.begin() + prev, pot_hops.begin() + row, pot_hops.begin() + row);
      std::copy(pot_next.begin() + prev, pot_next.begin() + row, pot_next.begin() + row);
      NextEpoch(frontier_epoch, frontier_stamp);
      next_frontier.clear();
      for (uint32_t w : frontier) {
        const double cost = pot[prev + w];
        const uint32_t edges = pot_hops[prev + w] + 1;
        for (uint32_t i = g.InBegin(w); i < g.InEnd(w); ++i) {
          const uint32_t u = g.Tail(i);
          if (u == target || reach[u] == kNone || reach[u] + r > max_edges) continue;
          const uint32_t e = g.InEdge(i);
          const double c = cost + g.Weight(e);
          const size_t at = row + u;
          int cmp = CompareCostEdges(c, edges, pot[at], pot_hops[at]);
          // As in ReversePotentials; the same next node means w's row changed, so u's did too.
          if (cmp == 0) cmp = w <= g.Head(pot_next[at]) ? -1 : 1;
          if (cmp >= 0) continue;
          pot[at] = c;
          pot_hops[at] = edges;
          pot_next[at] = e;
          if (frontier_stamp[u] != frontier_epoch) {
            frontier_stamp[u] = frontier_epoch;
            next_frontier.push_back(u);
          }
        }
      }
      std::swap(frontier, next_frontier);
    }
  }

  // Whether the tree continuation from v, with j edges used, avoids the removed nodes, the spur
  // node (it would close a cycle) and, from the spur node, the removed edges. Memoised per search.
  template <bool kLayered>
  bool TreeOk(uint32_t v, size_t j) {
    if (v == target) return true;
    walk.clear();
    size_t r = kLayered ? max_edges - j : 0;
    bool ok = false;
    for (;;) {
      const size_t at = kLayered ? r * n + v : v;
      if (tree_stamp[at] == epoch) {
        ok = tree_ok[at];
        break;
      }
      walk.push_back(at);
      const uint32_t e = pot_next[at];
      if (v == start && removed_edge[e] == edge_epoch) break;
      const uint32_t w = g.Head(e);
      if (w == target) {
        ok = true;
        break;
      }
      if (w == start || removed_node[w] == node_epoch) break;
      v = w;
      --r;
    }
    for (size_t at : walk) {
      tree_stamp[at] = epoch;
      tree_ok[at] = ok;
    }
    return ok;
  }

  // The spur part of the path through label x (j edges used): its pred chain, then the tree.
  template <bool kLayered>
  void Materialize(uint32_t x, size_t j, std::vector<uint32_t>& nodes, std::vector<uint32_t>& edges) const {
    edges.clear();
    for (uint32_t y = x; pred_edge[y] != kNone; y = pred[y]) edges.push_back(pred_edge[y]);
    std::reverse(edges.begin(), edges.end());
    uint32_t v = NodeOf(x);
    size_t r = kLayered ? max_edges - j : 0;
    while (v != target) {
      const uint32_t e = pot_next[kLayered ? r * n + v : v];
      edges.push_back(e);
      v = g.Head(e);
      --r;
    }
    nodes.clear();
    nodes.push_back(start);
    for (uint32_t e : edges) nodes.push_back(g.Head(e));
  }

  // Lexicographic order of the paths to labels a and b, which have the same number of edges:
  // their pred chains are walked in lockstep back to where they join. 0 when they cannot be told
  // apart (or a chain is being corrected; the caller then keeps what it has).
  int CompareChains(uint32_t a, uint32_t b) const {
    int result = 0;
    for (size_t steps = 0; a != b; ++steps) {
      if (a == kNone || b == kNone || steps > stamp.size()) return 0;
      const uint32_t na = NodeOf(a), nb = NodeOf(b);
      if (na != nb) result = na < nb ? -1 : 1;
      a = pred[a];
      b = pred[b];
    }
    return result;
  }

  // Label x finishes with its tree continuation: keep the path if it is the best so far.
  template <bool kLayered>
  void Complete(uint32_t x, uint32_t v, size_t j) {
    double cost = dist[x];  // summed from the source, in path order, like every cost returned
    size_t edges = j;
    size_t r = kLayered ? max_edges - j : 0;
    while (v != target) {
      const uint32_t e = pot_next[kLayered ? r * n + v : v];
      cost += g.Weight(e);
      ++edges;
      v = g.Head(e);
      --r;
    }
    const int cmp = have_best ? CompareCostEdges(cost, edges, best_cost, best_hops) : -1;
    if (cmp > 0) return;
    Materialize<kLayered>(x, j, try_nodes, try_edges);
    if (cmp == 0 &&
        !std::lexicographical_compare(try_nodes.begin(), try_nodes.end(), best_nodes.begin(), best_nodes.end())) {
      return;
    }
    std::swap(try_nodes, best_nodes);
    std::swap(try_edges, best_edges);
    best_cost = cost;
    best_hops = edges;
    have_best = true;
  }

  // A* from the spur node (j0 edges and cost g0 of root behind it) to the target, avoiding the
  // removed nodes and edges. Gives up once every remaining label's bound passes `bound` (beyond the
  // tolerance). The best spur path goes to best_nodes/best_edges, with the whole path's cost.
  template <bool kLayered>
  bool Spur(uint32_t spur, size_t j0, double g0, double bound) {
    if (++epoch == 0) {
      std::fill(stamp.begin(), stamp.end(), 0);
      std::fill(tree_stamp.begin(), tree_stamp.end(), 0);
      epoch = 1;
    }
    heap.clear();
    have_best = false;
    start = spur;
    const uint32_t x0 = State<kLayered>(spur, j0);
    stamp[x0] = epoch;
    dist[x0] = g0;
    hops[x0] = static_cast<uint32_t>(j0);
    pred[x0] = kNone;
    pred_edge[x0] = kNone;
    Push({g0 + pot[PotIndex<kLayered>(spur, j0)], hops[x0], x0, ++version[x0]});
    while (!heap.empty()) {
      const HeapItem top = Pop();
      const double limit = have_best ? best_cost : bound;
      if (CostLess(limit, top.f)) break;
      const uint32_t x = top.state;
      if (top.version != version[x]) continue;
      const size_t j = top.hops;
      const uint32_t v = NodeOf(x);
      if (TreeOk<kLayered>(v, j)) {
        Complete<kLayered>(x, v, j);
        continue;
      }
      if (kLayered && j == max_edges) continue;
      const double gx = dist[x];
      for (uint32_t e = g.OutBegin(v); e < g.OutEnd(v); ++e) {
        if (v == spur && removed_edge[e] == edge_epoch) continue;
        const uint32_t w = g.Head(e);
        if (w == spur || removed_node[w] == node_epoch) continue;
        const double pw = pot[PotIndex<kLayered>(w, j + 1)];
        if (pw == kInf) continue;
        const double ng = gx + g.Weight(e);
        const double nf = ng + pw;
        if (CostLess(limit, nf)) continue;
        const uint32_t y = State<kLayered>(w, j + 1);
        if (stamp[y] == epoch) {
          int cmp = CompareCostEdges(ng, j + 1, dist[y], hops[y]);
          // Through the same predecessor, expanded again: its path changed, so y's did.
          if (cmp == 0) cmp = pred[y] == x ? -1 : CompareChains(x, pred[y]);
          if (cmp >= 0) continue;
        }
        stamp[y] = epoch;
        dist[y] = ng;
        hops[y] = static_cast<uint32_t>(j + 1);
        pred[y] = x;
        pred_edge[y] = e;
        Push({nf, hops[y], y, ++version[y]});
      }
    }
    return have_best;
  }

  static bool Before(const Path& a, const Path& b) {
    const int cmp = CompareCostEdges(a.cost, a.edges.size(), b.cost, b.edges.size());
    if (cmp != 0) return cmp < 0;
    return std::lexicographical_compare(a.nodes.begin(), a.nodes.end(), b.nodes.begin(), b.nodes.end());
  }

  uint32_t NewPath() {
    if (free_slots.empty()) {
      pool.emplace_back();
      return static_cast<uint32_t>(pool.size() - 1);
    }
    const uint32_t slot = free_slots.back();
    free_slots.pop_back();
    pool[slot].nodes.clear();
    pool[slot].edges.clear();
    return slot;
  }

  // Whether `list` (in the header's order) holds a path with c's nodes: an equal path sorts right
  // before where c would go, so a binary search finds it.
  bool Holds(const std::vector<uint32_t>& list, const Path& c) const {
    const auto at =
        std::upper_bound(list.begin(), list.end(), c, [&](const Path& a, uint32_t b) { return Before(a, pool[b]); });
    return at != list.begin() && pool[*(at - 1)].hash == c.hash && pool[*(at - 1)].nodes == c.nodes;
  }

  template <bool kLayered>
  std::vector<WeightedPath> Run(uint32_t source, size_t k) {
    if constexpr (kLayered) {
      HopBoundedPotentials(source);
    } else {
      ReversePotentials();
    }
    if (pot[PotIndex<kLayered>(source, 0)] == kInf) return {};
    const size_t states = pot.size();
    if (stamp.size() < states) {
      stamp.resize(states, 0);
      tree_stamp.resize(states, 0);
      dist.resize(states);
      hops.resize(states);
      pred.resize(states);
      pred_edge.resize(states);
      version.resize(states, 0);
      tree_ok.resize(states);
    }
    removed_node.resize(n, 0);
    removed_edge.resize(g.edges(), 0);
    free_slots.clear();
    for (uint32_t slot = static_cast<uint32_t>(pool.size()); slot-- > 0;) free_slots.push_back(slot);
    found.clear();
    candidates.clear();
    trie.assign(1, {kNone, kNone, kNone});

    // The first path: the tree from the source.
    {
      const uint32_t slot = NewPath();
      Path& p = pool[slot];
      p.nodes.push_back(source);
      p.cost = 0;
      p.deviation = 0;
      uint32_t v = source;
      size_t r = kLayered ? max_edges : 0;
      while (v != target) {
        const uint32_t e = pot_next[kLayered ? r * n + v : v];
        p.edges.push_back(e);
        p.cost += g.Weight(e);
        v = g.Head(e);
        p.nodes.push_back(v);
        --r;
      }
      p.hash = HashNodes(p.nodes);
      found.push_back(slot);
    }

    while (found.size() < k) {
      const Path& last = pool[found.back()];  // the deque keeps references stable
      const size_t remaining = k - found.size();
      AddToTrie(last);
      prefix.assign(1, 0.0);
      for (uint32_t e : last.edges) prefix.push_back(prefix.back() + g.Weight(e));

      NextEpoch(node_epoch, removed_node);
      size_t marked = 0;
      for (size_t i = last.deviation; i + 1 < last.nodes.size(); ++i) {
        for (; marked < i; ++marked) removed_node[last.nodes[marked]] = node_epoch;
        const uint32_t spur = last.nodes[i];
        const bool full = candidates.size() >= remaining;
        const double bound = full ? pool[candidates.back()].cost : kInf;
        const double lower = prefix[i] + pot[PotIndex<kLayered>(spur, i)];
        if (lower == kInf || CostLess(bound, lower)) continue;
        NextEpoch(edge_epoch, removed_edge);
        for (uint32_t c = trie[along[i]].first_child; c != kNone; c = trie[c].next_sibling) {
          removed_edge[trie[c].edge] = edge_epoch;
        }
        if (!Spur<kLayered>(spur, i, prefix[i], bound)) continue;
        if (full && CompareCostEdges(best_cost, best_hops, pool[candidates.back()].cost,
                                     pool[candidates.back()].edges.size()) > 0) {
          continue;
        }
        const uint32_t slot = NewPath();
        Path& c = pool[slot];
        c.nodes.assign(last.nodes.begin(), last.nodes.begin() + static_cast<std::ptrdiff_t>(i));
        c.nodes.insert(c.nodes.end(), best_nodes.begin(), best_nodes.end());
        c.edges.assign(last.edges.begin(), last.edges.begin() + static_cast<std::ptrdiff_t>(i));
        c.edges.insert(c.edges.end(), best_edges.begin(), best_edges.end());
        c.cost = best_cost;
        c.deviation = i;
        c.hash = HashNodes(c.nodes);
        if ((full && !Before(c, pool[candidates.back()])) || Holds(found, c) || Holds(candidates, c)) {
          free_slots.push_back(slot);
          continue;
        }
        const auto at = std::upper_bound(candidates.begin(), candidates.end(), slot,
                                         [&](uint32_t a, uint32_t b) { return Before(pool[a], pool[b]); });
        candidates.insert(at, slot);
        if (candidates.size() > remaining) {
          free_slots.push_back(candidates.back());
          candidates.pop_back();
        }
      }
      if (candidates.empty()) break;
      found.push_back(candidates.front());
      candidates.erase(candidates.begin());
    }

    std::vector<WeightedPath> out;
    out.reserve(found.size());
    for (uint32_t slot : found) out.push_back({pool[slot].nodes, pool[slot].cost});
    return out;
  }
};

KShortestPaths::KShortestPaths(const WeightedDigraph& graph)
    : graph_(graph), scratch_(std::make_unique<Scratch>(graph)) {}

KShortestPaths::~KShortestPaths() = default;

std::vector<WeightedPath> KShortestPaths::Find(uint32_t source, uint32_t target, const KShortestOptions& options) {
  const uint32_t n = graph_.nodes();
  if (options.k == 0 || source >= n || target >= n || source == target) return {};
  if (options.max_edges && *options.max_edges == 0) return {};
  Scratch& s = *scratch_;
  s.n = n;
  s.target = target;
  // A simple path has at most n - 1 edges: a larger bound is no bound.
  if (options.max_edges && *options.max_edges < size_t{n} - 1) {
    assert((*options.max_edges + 1) * n < kNone);
    s.max_edges = static_cast<uint32_t>(*options.max_edges);
    return s.Run<true>(source, options.k);
  }
  return s.Run<false>(source, options.k);
}

}  // namespace careergraph
