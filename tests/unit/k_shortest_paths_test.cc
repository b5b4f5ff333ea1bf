#include "careergraph/plan/k_shortest_paths.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace careergraph {
namespace {

using Nodes = std::vector<uint32_t>;

struct Expected {
  Nodes nodes;
  double cost;
};

std::vector<WeightedPath> Find(const WeightedDigraph& g, uint32_t s, uint32_t t, size_t k,
                               std::optional<size_t> max_edges = std::nullopt) {
  KShortestPaths ksp(g);
  KShortestOptions o;
  o.k = k;
  o.max_edges = max_edges;
  return ksp.Find(s, t, o);
}

std::string Show(const std::vector<WeightedPath>& paths) {
  std::string out;
  for (const WeightedPath& p : paths) {
    for (size_t i = 0; i < p.nodes.size(); ++i) out += (i ? "-" : "") + std::to_string(p.nodes[i]);
    out += " (" + std::to_string(p.cost) + ")\n";
  }
  return out;
}

void ExpectPaths(const std::vector<WeightedPath>& got, const std::vector<Expected>& want) {
  ASSERT_EQ(got.size(), want.size()) << Show(got);
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].nodes, want[i].nodes) << "rank " << i << "\n" << Show(got);
    EXPECT_DOUBLE_EQ(got[i].cost, want[i].cost) << "rank " << i;
  }
}

// Yen's example from Wikipedia ("Yen's algorithm"): C D E F G H are 0..5. Its three shortest
// paths C-E-F-H (5), C-E-G-H (7), C-D-F-H (8); by hand, the other four simple paths: C-E-D-F-H (8)
// and C-E-F-G-H (8), which tie with C-D-F-H but have four edges (and C-E-D… < C-E-F… by node), then
// C-D-F-G-H (11, four edges) and C-E-D-F-G-H (11, five).
enum { C, D, E, F, G, H };
WeightedDigraph YenExample() {
  const std::vector<WeightedEdge> edges = {{C, D, 3}, {C, E, 2}, {D, F, 4}, {E, D, 1}, {E, F, 2},
                                           {E, G, 3}, {F, G, 2}, {F, H, 1}, {G, H, 2}};
  return WeightedDigraph::FromEdges(6, edges);
}

TEST(KShortestPathsTest, YenWikipediaExampleThreeShortest) {
  ExpectPaths(Find(YenExample(), C, H, 3), {{{C, E, F, H}, 5}, {{C, E, G, H}, 7}, {{C, D, F, H}, 8}});
}

TEST(KShortestPathsTest, YenWikipediaExampleAllSevenPathsInTieOrder) {
  ExpectPaths(Find(YenExample(), C, H, 100), {{{C, E, F, H}, 5},
                                              {{C, E, G, H}, 7},
                                              {{C, D, F, H}, 8},
                                              {{C, E, D, F, H}, 8},
                                              {{C, E, F, G, H}, 8},
                                              {{C, D, F, G, H}, 11},
                                              {{C, E, D, F, G, H}, 11}});
}

TEST(KShortestPathsTest, ReusedObjectGivesTheSameAnswers) {
  const WeightedDigraph g = YenExample();
  KShortestPaths ksp(g);
  KShortestOptions o;
  o.k = 4;
  const std::vector<WeightedPath> first = ksp.Find(C, H, o);
  ASSERT_EQ(ksp.Find(E, H, o).size(), 4u);  // E-F-H, E-G-H, E-D-F-H, E-F-G-H
  ASSERT_TRUE(ksp.Find(H, C, o).empty());
  const std::vector<WeightedPath> again = ksp.Find(C, H, o);
  ASSERT_EQ(first.size(), again.size());
  for (size_t i = 0; i < first.size(); ++i) EXPECT_EQ(first[i].nodes, again[i].nodes);
}

// A diamond 0 → {1, 2} → 3 plus the direct edge 0 → 3, every path costing 2: the one-edge path
// first, then the two two-edge paths by node sequence — in whatever order the edges are given.
TEST(KShortestPathsTest, DiamondTiesByEdgesThenNodesWhateverTheEdgeOrder) {
  std::vector<WeightedEdge> edges = {{0, 1, 1}, {0, 2, 1}, {1, 3, 1}, {2, 3, 1}, {0, 3, 2}};
  const std::vector<Expected> want = {{{0, 3}, 2}, {{0, 1, 3}, 2}, {{0, 2, 3}, 2}};
  std::sort(edges.begin(), edges.end(),
            [](auto& a, auto& b) { return a.from != b.from ? a.from < b.from : a.to < b.to; });
  do {
    ExpectPaths(Find(WeightedDigraph::FromEdges(4, edges), 0, 3, 5), want);
  } while (std::next_permutation(edges.begin(), edges.end(),
                                 [](auto& a, auto& b) { return a.from != b.from ? a.from < b.from : a.to < b.to; }));
  // Swapping the names of 1 and 2 swaps the order of the two-edge paths.
  const std::vector<WeightedEdge> renamed = {{0, 2, 1}, {0, 1, 1}, {2, 3, 1}, {1, 3, 1}, {0, 3, 2}};
  ExpectPaths(Find(WeightedDigraph::FromEdges(4, renamed), 0, 3, 2), {{{0, 3}, 2}, {{0, 1, 3}, 2}});
}

// 0.3, 0.2, 0.4 and 0.4, 0.3, 0.2 are the same three weights: equal costs, but rounded they sum to
// 0.9 and 0.8999999999999999 from the source (0.9000000000000001 and 0.9 from the target). Equal
// costs rounded differently are a tie, which the node sequence breaks: 0-1-2-5 first although its
// sums are higher either way.
TEST(KShortestPathsTest, CostsEqualUpToRoundingTieAndGoByNodes) {
  const std::vector<WeightedEdge> edges = {{0, 1, 0.3}, {1, 2, 0.2}, {2, 5, 0.4},
                                           {0, 3, 0.4}, {3, 4, 0.3}, {4, 5, 0.2}};
  const std::vector<WeightedPath> got = Find(WeightedDigraph::FromEdges(6, edges), 0, 5, 5);
  ExpectPaths(got, {{{0, 1, 2, 5}, 0.9}, {{0, 3, 4, 5}, 0.8999999999999999}});
  EXPECT_GT(got[0].cost, got[1].cost);  // the costs are the sums in path order, not rounded
  // With a lighter last edge the sums differ for real and the cheaper path comes first.
  const std::vector<WeightedEdge> cheaper = {{0, 1, 0.3}, {1, 2, 0.2}, {2, 5, 0.4},
                                             {0, 3, 0.4}, {3, 4, 0.3}, {4, 5, 0.1999}};
  EXPECT_EQ(Find(WeightedDigraph::FromEdges(6, cheaper), 0, 5, 1)[0].nodes, (Nodes{0, 3, 4, 5}));
}

// Zero weights: 0 → 1 → 2 and 0 → 2 and 2 → 1 are free, 1 → 3 and 2 → 3 cost 1. Every path costs
// 1; the two-edge ones come first by node, then the three-edge ones by node.
TEST(KShortestPathsTest, ZeroWeightEdgesAndZeroCycles) {
  const std::vector<WeightedEdge> edges = {{0, 1, 0}, {1, 2, 0}, {2, 1, 0}, {0, 2, 0}, {1, 3, 1}, {2, 3, 1}};
  ExpectPaths(Find(WeightedDigraph::FromEdges(4, edges), 0, 3, 10),
              {{{0, 1, 3}, 1}, {{0, 2, 3}, 1}, {{0, 1, 2, 3}, 1}, {{0, 2, 1, 3}, 1}});
  // All-zero paths: 0 → 1 → 2 (0) is beaten by 0 → 2 (0, one edge).
  ExpectPaths(Find(WeightedDigraph::FromEdges(4, edges), 0, 2, 10), {{{0, 2}, 0}, {{0, 1, 2}, 0}});
}

TEST(KShortestPathsTest, UnreachableTargetSourceEqualsTargetAndBadIdsGiveNothing) {
  const std::vector<WeightedEdge> edges = {{0, 1, 1}, {1, 2, 1}, {3, 2, 1}};
  const WeightedDigraph g = WeightedDigraph::FromEdges(4, edges);
  EXPECT_TRUE(Find(g, 0, 3, 5).empty());
  EXPECT_TRUE(Find(g, 2, 0, 5).empty());
  EXPECT_TRUE(Find(g, 1, 1, 5).empty());
  EXPECT_TRUE(Find(g, 0, 4, 5).empty());
  EXPECT_TRUE(Find(g, 0, 2, 0).empty());
  EXPECT_TRUE(Find(g, 0, 2, 5, 1).empty());  // two edges needed
  EXPECT_TRUE(Find(g, 0, 2, 5, 0).empty());
  ExpectPaths(Find(g, 0, 2, 5, 2), {{{0, 1, 2}, 2}});
  EXPECT_TRUE(Find(WeightedDigraph(), 0, 0, 5).empty());
}

TEST(KShortestPathsTest, KLargerThanThePathCountReturnsThemAll) {
  // A complete digraph on 4 nodes: 1 + 2 + 2 = 5 simple paths from 0 to 3.
  std::vector<WeightedEdge> edges;
  for (uint32_t a = 0; a < 4; ++a) {
    for (uint32_t b = 0; b < 4; ++b) {
      if (a != b) edges.push_back({a, b, 1.0 + a + 2.0 * b});
    }
  }
  const WeightedDigraph g = WeightedDigraph::FromEdges(4, edges);
  // 0-3: 7; 0-1-3: 3 + 8 = 11; 0-2-3: 5 + 9 = 14; 0-1-2-3: 3 + 6 + 9 = 18; 0-2-1-3: 5 + 5 + 8 = 18.
  ExpectPaths(Find(g, 0, 3, 50),
              {{{0, 3}, 7}, {{0, 1, 3}, 11}, {{0, 2, 3}, 14}, {{0, 1, 2, 3}, 18}, {{0, 2, 1, 3}, 18}});
}

TEST(KShortestPathsTest, FromEdgesDropsSelfLoopsAndKeepsTheLightestParallelEdge) {
  const std::vector<WeightedEdge> edges = {{0, 1, 5}, {1, 1, 0}, {0, 1, 2}, {1, 2, 1}, {0, 1, 3}, {2, 0, 4}};
  const WeightedDigraph g = WeightedDigraph::FromEdges(3, edges);
  EXPECT_EQ(g.nodes(), 3u);
  ASSERT_EQ(g.edges(), 3u);
  ASSERT_EQ(g.OutEnd(0) - g.OutBegin(0), 1u);
  EXPECT_EQ(g.Head(g.OutBegin(0)), 1u);
  EXPECT_EQ(g.Weight(g.OutBegin(0)), 2);
  EXPECT_EQ(g.OutEnd(1) - g.OutBegin(1), 1u);  // the self-loop is gone
  // The reverse graph points at the same edges.
  ASSERT_EQ(g.InEnd(0) - g.InBegin(0), 1u);
  EXPECT_EQ(g.Tail(g.InBegin(0)), 2u);
  EXPECT_EQ(g.Head(g.InEdge(g.InBegin(0))), 0u);
  EXPECT_EQ(g.Weight(g.InEdge(g.InBegin(0))), 4);
  ExpectPaths(Find(g, 0, 2, 10), {{{0, 1, 2}, 3}});
}

TEST(KShortestPathsTest, OutEdgesAreSortedByHead) {
  const std::vector<WeightedEdge> edges = {{0, 3, 1}, {0, 1, 1}, {0, 2, 1}, {2, 0, 1}, {3, 0, 1}};
  const WeightedDigraph g = WeightedDigraph::FromEdges(4, edges);
  std::vector<uint32_t> heads;
  for (uint32_t e = g.OutBegin(0); e < g.OutEnd(0); ++e) heads.push_back(g.Head(e));
  EXPECT_EQ(heads, (Nodes{1, 2, 3}));
  std::vector<uint32_t> tails;
  for (uint32_t i = g.InBegin(0); i < g.InEnd(0); ++i) tails.push_back(g.Tail(i));
  EXPECT_EQ(tails, (Nodes{2, 3}));
}

// Paths 0 → 4 (edges): 0-1-3-4 3.5 (3), 0-2-3-4 3.5 (3), 0-1-2-3-4 4 (4), 0-2-4 6.5 (2),
// 0-3-4 7 (2), 0-1-2-4 7 (3), 0-4 10 (1). The cheapest are long, so a bound on edges must search
// again, not filter the unbounded list: its first three have no path of two edges.
WeightedDigraph LongCheapPaths() {
  const std::vector<WeightedEdge> edges = {{0, 1, 1},   {1, 2, 1}, {2, 3, 1},  {3, 4, 1}, {1, 3, 1.5},
                                           {0, 2, 1.5}, {2, 4, 5}, {0, 4, 10}, {0, 3, 6}};
  return WeightedDigraph::FromEdges(5, edges);
}

TEST(KShortestPathsTest, MaxEdgesIsExactNotAFilteredPrefix) {
  const WeightedDigraph g = LongCheapPaths();
  ExpectPaths(Find(g, 0, 4, 3), {{{0, 1, 3, 4}, 3.5}, {{0, 2, 3, 4}, 3.5}, {{0, 1, 2, 3, 4}, 4}});
  ExpectPaths(Find(g, 0, 4, 3, 2), {{{0, 2, 4}, 6.5}, {{0, 3, 4}, 7}, {{0, 4}, 10}});
  ExpectPaths(Find(g, 0, 4, 4, 3), {{{0, 1, 3, 4}, 3.5}, {{0, 2, 3, 4}, 3.5}, {{0, 2, 4}, 6.5}, {{0, 3, 4}, 7}});
  ExpectPaths(
      Find(g, 0, 4, 10, 3),
      {{{0, 1, 3, 4}, 3.5}, {{0, 2, 3, 4}, 3.5}, {{0, 2, 4}, 6.5}, {{0, 3, 4}, 7}, {{0, 1, 2, 4}, 7}, {{0, 4}, 10}});
  ExpectPaths(Find(g, 0, 4, 5, 1), {{{0, 4}, 10}});
  EXPECT_TRUE(Find(g, 0, 4, 5, 0).empty());
  EXPECT_EQ(Find(g, 0, 4, 10, 4).size(), 7u);  // n - 1 edges: no bound at all
  EXPECT_EQ(Find(g, 0, 4, 10, 99).size(), 7u);
}

// A chain 0 → 1 → … → 7 of cheap promotions (1 each) and expensive shortcuts i → i + 2 (3 each)
// and 0 → 7 (20). With at most 4 edges the cheapest path jumps three times.
TEST(KShortestPathsTest, MaxEdgesOnALongChain) {
  std::vector<WeightedEdge> edges;
  for (uint32_t i = 0; i + 1 < 8; ++i) edges.push_back({i, i + 1, 1});
  for (uint32_t i = 0; i + 2 < 8; ++i) edges.push_back({i, i + 2, 3});
  edges.push_back({0, 7, 20});
  const WeightedDigraph g = WeightedDigraph::FromEdges(8, edges);
  ExpectPaths(Find(g, 0, 7, 1), {{{0, 1, 2, 3, 4, 5, 6, 7}, 7}});
  // Four edges covering 7 steps: three jumps and one step, 3 + 3 + 3 + 1 = 10, the step anywhere:
  // by node sequence, 0-1-3-5-7 < 0-2-3-5-7 < 0-2-4-5-7 < 0-2-4-6-7.
  ExpectPaths(Find(g, 0, 7, 4, 4),
              {{{0, 1, 3, 5, 7}, 10}, {{0, 2, 3, 5, 7}, 10}, {{0, 2, 4, 5, 7}, 10}, {{0, 2, 4, 6, 7}, 10}});
  ExpectPaths(Find(g, 0, 7, 2, 3), {{{0, 7}, 20}});
}

// --- brute force ---------------------------------------------------------------------------

// Every simple path from s to t by depth-first search, costs summed in path order.
std::vector<WeightedPath> AllSimplePaths(uint32_t n, const std::vector<WeightedEdge>& edges, uint32_t s, uint32_t t) {
  // The graph as FromEdges defines it: no self-loops, the lightest of parallel edges.
  std::vector<std::vector<double>> w(n, std::vector<double>(n, -1));
  for (const WeightedEdge& e : edges) {
    if (e.from != e.to && (w[e.from][e.to] < 0 || e.weight < w[e.from][e.to])) w[e.from][e.to] = e.weight;
  }
  std::vector<WeightedPath> out;
  std::vector<bool> on(n, false);
  WeightedPath cur;
  std::function<void(uint32_t, double)> dfs = [&](uint32_t v, double cost) {
    cur.nodes.push_back(v);
    on[v] = true;
    if (v == t) {
      out.push_back({cur.nodes, cost});
    } else {
      for (uint32_t u = 0; u < n; ++u) {
        if (w[v][u] >= 0 && !on[u]) dfs(u, cost + w[v][u]);
      }
    }
    on[v] = false;
    cur.nodes.pop_back();
  };
  if (s != t) dfs(s, 0);
  // The header's order: cost (ties within 1e-12 relative), edges, node sequence. The weights
  // below make costs either equal in real arithmetic or far apart, so this is a strict weak order.
  std::sort(out.begin(), out.end(), [](const WeightedPath& a, const WeightedPath& b) {
    const double tol = 1e-12 * std::max(a.cost, b.cost);
    if (std::abs(a.cost - b.cost) > tol) return a.cost < b.cost;
    if (a.nodes.size() != b.nodes.size()) return a.nodes.size() < b.nodes.size();
    return a.nodes < b.nodes;
  });
  return out;
}

void ExpectSame(const std::vector<WeightedPath>& got, const std::vector<WeightedPath>& want, const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what << "\ngot:\n" << Show(got) << "want:\n" << Show(want);
  for (size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(got[i].nodes, want[i].nodes) << what << " rank " << i << "\ngot:\n"
                                           << Show(got) << "want:\n"
                                           << Show(want);
    ASSERT_EQ(got[i].cost, want[i].cost) << what << " rank " << i;  // the same sums in the same order
  }
}

// ~200 random graphs of 2..9 nodes, in four weight families: uniform reals (no ties), small
// integers with zeros (many exact ties, zero cycles), tenths (ties that round differently) and
// −log p of out-probabilities (the planner's weights). For each, several (s, t) pairs, every k up
// to 30 plus "all" and "all + 3", and every bound on edges, against a depth-first enumeration.
TEST(KShortestPathsTest, MatchesBruteForceOnRandomSmallGraphs) {
  std::mt19937_64 rng(20240611);
  size_t queries = 0, paths_checked = 0;
  for (int graph = 0; graph < 200; ++graph) {
    const uint32_t n = 2 + static_cast<uint32_t>(rng() % 8);
    const int family = graph % 4;
    const double density = 0.2 + 0.6 * std::uniform_real_distribution<double>(0, 1)(rng);
    std::vector<WeightedEdge> edges;
    for (uint32_t a = 0; a < n; ++a) {
      for (uint32_t b = 0; b < n; ++b) {
        if (std::uniform_real_distribution<double>(0, 1)(rng) >= density) continue;
        double w = 0;
        switch (family) {
          case 0:
            w = std::uniform_real_distribution<double>(0, 5)(rng);
            break;
          case 1:
            w = static_cast<double>(rng() % 4);
            break;
          case 2:
            w = static_cast<double>(1 + rng() % 7) / 10;
            break;
          default:
            w = -std::log(std::uniform_real_distribution<double>(0.01, 1)(rng));
            break;
        }
        edges.push_back({a, b, w});
        if (rng() % 10 == 0) edges.push_back({a, b, w + 1});  // a heavier parallel edge, dropped
      }
    }
    std::shuffle(edges.begin(), edges.end(), rng);
    const WeightedDigraph g = WeightedDigraph::FromEdges(n, edges);
    KShortestPaths ksp(g);  // one object for every query on the graph: scratch reuse is tested too
    for (int pair = 0; pair < 3; ++pair) {
      const uint32_t s = static_cast<uint32_t>(rng() % n), t = static_cast<uint32_t>(rng() % n);
      const std::vector<WeightedPath> all = AllSimplePaths(n, edges, s, t);
      const std::string what = "graph " + std::to_string(graph) + " (family " + std::to_string(family) + ", " +
                               std::to_string(n) + " nodes) " + std::to_string(s) + "->" + std::to_string(t);
      std::vector<size_t> ks;
      for (size_t k = 1; k <= std::min<size_t>(all.size(), 30); ++k) ks.push_back(k);
      ks.push_back(all.size());
      ks.push_back(all.size() + 3);
      for (size_t k : ks) {
        if (k == 0) continue;
        KShortestOptions o;
        o.k = k;
        const std::vector<WeightedPath> want(all.begin(),
                                             all.begin() + static_cast<std::ptrdiff_t>(std::min(k, all.size())));
        ExpectSame(ksp.Find(s, t, o), want, what + " k=" + std::to_string(k));
        ++queries;
        paths_checked += want.size();
      }
      for (size_t max_edges = 0; max_edges <= n; ++max_edges) {
        std::vector<WeightedPath> bounded;
        for (const WeightedPath& p : all) {
          if (p.nodes.size() - 1 <= max_edges) bounded.push_back(p);
        }
        for (size_t k : {size_t{1}, size_t{2}, size_t{3}, size_t{7}, bounded.size() + 1}) {
          KShortestOptions o;
          o.k = k;
          o.max_edges = max_edges;
          const std::vector<WeightedPath> want(
              bounded.begin(), bounded.begin() + static_cast<std::ptrdiff_t>(std::min(k, bounded.size())));
          ExpectSame(ksp.Find(s, t, o), want,
                     what + " k=" + std::to_string(k) + " max_edges=" + std::to_string(max_edges));
          ++queries;
          paths_checked += want.size();
        }
      }
    }
  }
  EXPECT_GT(paths_checked, 10000u);  // the fixture really exercises the search
  RecordProperty("queries", std::to_string(queries));
}

}  // namespace
}  // namespace careergraph
