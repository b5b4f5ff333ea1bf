// Track discovery: fixtures whose groups, orders, modularity and agreement scores are worked out
// by hand in the comments; the exhaustive search against the agglomerative one; determinism of ties.
#include "careergraph/analysis/track_discovery.h"

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "careergraph/framework/loader.h"
#include "careergraph/io/careers.h"
#include "test_util.h"

namespace careergraph {
namespace {

// Three tracks of three roles. `levels` lets a test give the framework a different opinion of
// where roles belong than the data has.
std::string ThreeTrackToml(const std::vector<std::pair<std::string, std::vector<std::string>>>& tracks) {
  std::string s = R"toml(
[framework]
id = "three"
name = "Three"
version = "1"

[[competency]]
id = "depth"
name = "Depth"
group = "technical"
scale = [1, 5]
)toml";
  for (const auto& [track, roles] : tracks) {
    s += "\n[[track]]\nid = \"" + track + "\"\nname = \"" + track + "\"\nkind = \"technical\"\n";
  }
  for (const auto& [track, roles] : tracks) {
    for (size_t i = 0; i < roles.size(); ++i) {
      s += "\n[[role]]\nid = \"" + roles[i] + "\"\nname = \"" + roles[i] + "\"\ntrack = \"" + track +
           "\"\nlevel = " + std::to_string(i + 1) + "\n";
    }
  }
  s += "\n[[destination]]\nid = \"outside\"\nname = \"Outside\"\n";
  return s;
}

Framework Parse(const std::string& toml) {
  Result<Framework> r = ParseFramework(toml, "three.toml");
  EXPECT_TRUE(r) << (r ? "" : r.error().message());
  return r ? std::move(*r) : Framework();
}

Framework Matching() {
  return Parse(ThreeTrackToml({{"a", {"a1", "a2", "a3"}}, {"b", {"b1", "b2", "b3"}}, {"c", {"c1", "c2", "c3"}}}));
}

// `count` people each following `path`, one year per role from 2000, the last spell ended (an
// exit to outside, which the discovery ignores like the entry).
using Cohorts = std::vector<std::pair<int, std::vector<std::string>>>;

Population Careers(const Framework& fw, const Cohorts& cohorts) {
  std::string csv = "person_id,role,title,start,end\n";
  int person = 0;
  for (const auto& [count, path] : cohorts) {
    for (int c = 0; c < count; ++c) {
      ++person;
      for (size_t i = 0; i < path.size(); ++i) {
        csv += "p" + std::to_string(person) + "," + path[i] + ",," + std::to_string(2000 + i) + "," +
               std::to_string(2001 + i) + "\n";
      }
    }
  }
  Result<CareerBatch> b = ParseCareerBatch(csv, "t.csv", CareerFormat::kCsv, fw);
  EXPECT_TRUE(b) << (b ? "" : b.error().message());
  return b ? std::move(b->population) : Population();
}

// Per track: 4 people go x1 → x2 → x3 and 1 steps back x2 → x1. So w(x1,x2) = 5, w(x2,x3) = 4,
// each track holds 9 of the m = 27 moves and K = 18 of the 2m = 54 edge ends, and
//   Q(three tracks)      = 3 · (9/27 − (18/54)²)                 = 3 · (1/3 − 1/9) = 2/3;
//   Q(two tracks + one)  = 18/27 − (36/54)² + 9/27 − (18/54)²   = 1 − 5/9         = 4/9;
//   Q(one group)         = 27/27 − 1²                                               = 0.
// Splitting a track loses: {x1}, {x2, x3} in place of x gives 0 − (5/54)² + 4/27 − (13/54)² =
// 0.082 < 2/9. Within a track, x1 → x2 → x3 leaves one backward move (x2 → x1); every other
// order leaves at least 4.
Cohorts ThreeCleanTracks() {
  return {{4, {"a1", "a2", "a3"}}, {1, {"a2", "a1"}},
          {4, {"b1", "b2", "b3"}}, {1, {"b2", "b1"}},
          {4, {"c1", "c2", "c3"}}, {1, {"c2", "c1"}}};
}

std::vector<std::vector<std::string>> Groups(const TrackDiscovery& d) {
  std::vector<std::vector<std::string>> out;
  for (const DiscoveredGroup& g : d.groups) out.push_back(g.roles);
  return out;
}

TEST(TrackDiscoveryTest, RecoversThreeCleanTracksExactlyWithTheirOrder) {
  const Framework fw = Matching();
  Result<TrackDiscovery> d = DiscoverTracks(Careers(fw, ThreeCleanTracks()), fw);
  ASSERT_TRUE(d) << d.error().message();
  EXPECT_TRUE(d->exact);
  EXPECT_FALSE(d->forced);
  EXPECT_EQ(d->moves, 27);
  EXPECT_EQ(Groups(*d), (std::vector<std::vector<std::string>>{
                            {"a1", "a2", "a3"}, {"b1", "b2", "b3"}, {"c1", "c2", "c3"}}));
  EXPECT_NEAR(d->modularity, 2.0 / 3.0, 1e-15);
  ASSERT_EQ(d->modularity_by_k.size(), 9u);
  EXPECT_NEAR(d->modularity_by_k[0], 0.0, 1e-15);
  EXPECT_NEAR(d->modularity_by_k[1], 4.0 / 9.0, 1e-15);
  EXPECT_NEAR(d->modularity_by_k[2], 2.0 / 3.0, 1e-15);
  for (size_t k = 4; k <= 9; ++k) EXPECT_LT(d->modularity_by_k[k - 1], 2.0 / 3.0) << k;
  for (size_t g = 0; g < 3; ++g) {
    EXPECT_EQ(d->groups[g].number, static_cast<int>(g + 1));
    EXPECT_EQ(d->groups[g].track, std::string(1, static_cast<char>('a' + g)));
    EXPECT_EQ(d->groups[g].overlap, 3);
    EXPECT_EQ(d->groups[g].internal_moves, 9);
    EXPECT_EQ(d->groups[g].backward_moves, 1);
    EXPECT_EQ(d->groups[g].strength, 18);
    ASSERT_TRUE(d->groups[g].tau_b);
    EXPECT_DOUBLE_EQ(*d->groups[g].tau_b, 1.0);
  }
  EXPECT_DOUBLE_EQ(d->ari, 1.0);
  EXPECT_DOUBLE_EQ(d->nmi, 1.0);
  ASSERT_TRUE(d->tau_b);
  EXPECT_DOUBLE_EQ(*d->tau_b, 1.0);
  EXPECT_EQ(d->framework_tracks, 3);
  EXPECT_TRUE(d->placed_differently.empty());
  EXPECT_TRUE(d->unplaced.empty());
  // The graph as the oracle sees it: directed counts, framework order.
  ASSERT_EQ(d->edges.size(), 9u);
  EXPECT_EQ(d->edges[0].from, "a1");
  EXPECT_EQ(d->edges[0].to, "a2");
  EXPECT_EQ(d->edges[0].count, 4);
  EXPECT_EQ(d->edges[1].from, "a2");
  EXPECT_EQ(d->edges[1].to, "a1");
  EXPECT_EQ(d->edges[1].count, 1);
  ASSERT_EQ(d->roles.size(), 9u);
  EXPECT_EQ(d->roles[4].role, "b2");
  EXPECT_EQ(d->roles[4].group, 2);
  EXPECT_EQ(d->roles[4].position, 2);
  EXPECT_EQ(d->roles[4].moves, 9);  // 4 in from b1, 4 out to b3, 1 out to b1
}

TEST(TrackDiscoveryTest, TheAgglomerativeSearchFindsTheSameTracks) {
  const Framework fw = Matching();
  TrackDiscoveryOptions o;
  o.exact_max_roles = 0;
  Result<TrackDiscovery> d = DiscoverTracks(Careers(fw, ThreeCleanTracks()), fw, o);
  ASSERT_TRUE(d) << d.error().message();
  EXPECT_FALSE(d->exact);
  EXPECT_EQ(Groups(*d), (std::vector<std::vector<std::string>>{
                            {"a1", "a2", "a3"}, {"b1", "b2", "b3"}, {"c1", "c2", "c3"}}));
  EXPECT_NEAR(d->modularity, 2.0 / 3.0, 1e-15);
  EXPECT_NEAR(d->modularity_by_k[1], 4.0 / 9.0, 1e-15);
  EXPECT_NEAR(d->modularity_by_k[0], 0.0, 1e-15);
}

// The same careers against a framework that disagrees: t1 = a1 a2 a3 c1, t2 = b1 b2 b3 c3 c2
// (levels in that order). Framework order of the roles: a1 a2 a3 c1 b1 b2 b3 c3 c2, so the groups
// are numbered A = 1, C = 2 (its first role, c1, comes before b1), B = 3. C shares one role with
// t1 and two with t2, so it is matched to t2, and c1 is placed differently.
//   ARI: contingency (rows A, C, B; columns t1, t2) = (3,0), (1,2), (0,3).
//        Σ C(n_ij,2) = 3 + 0 + 1 + 3 = 7; rows Σ C(3,2) = 9; columns C(4,2) + C(5,2) = 16;
//        expected = 9 · 16 / C(9,2) = 4; max = (9 + 16) / 2 = 12.5; ARI = (7 − 4) / 8.5 = 6/17.
//   tau-b: pairs within a group and a track: A's 3 and B's 3 concordant; in C only (c2, c3),
//        whose order (c2 before c3) is against the levels (c3 4, c2 5): (6 − 1) / 7 = 5/7; C's own −1.
TEST(TrackDiscoveryTest, ComparesWithAFrameworkThatDisagrees) {
  const Framework fw = Parse(ThreeTrackToml({{"t1", {"a1", "a2", "a3", "c1"}}, {"t2", {"b1", "b2", "b3", "c3", "c2"}}}));
  Result<TrackDiscovery> d = DiscoverTracks(Careers(fw, ThreeCleanTracks()), fw);
  ASSERT_TRUE(d) << d.error().message();
  EXPECT_EQ(Groups(*d), (std::vector<std::vector<std::string>>{
                            {"a1", "a2", "a3"}, {"c1", "c2", "c3"}, {"b1", "b2", "b3"}}));
  EXPECT_EQ(d->groups[0].track, "t1");
  EXPECT_EQ(d->groups[1].track, "t2");
  EXPECT_EQ(d->groups[1].overlap, 2);
  EXPECT_EQ(d->groups[2].track, "t2");
  EXPECT_EQ(d->framework_tracks, 2);
  EXPECT_NEAR(d->ari, 6.0 / 17.0, 1e-12);
  // NMI = I / ((H(groups) + H(tracks)) / 2), natural logs, over the same table.
  const double mi = 3.0 / 9 * std::log(9.0 * 3 / (3 * 4)) + 3.0 / 9 * std::log(9.0 * 3 / (3 * 5)) +
                    1.0 / 9 * std::log(9.0 * 1 / (3 * 4)) + 2.0 / 9 * std::log(9.0 * 2 / (3 * 5));
  const double h_groups = std::log(3.0);
  const double h_tracks = -(4.0 / 9 * std::log(4.0 / 9) + 5.0 / 9 * std::log(5.0 / 9));
  EXPECT_NEAR(d->nmi, mi / ((h_groups + h_tracks) / 2), 1e-12);
  ASSERT_TRUE(d->tau_b);
  EXPECT_NEAR(*d->tau_b, 5.0 / 7.0, 1e-12);
  ASSERT_TRUE(d->groups[1].tau_b);
  EXPECT_DOUBLE_EQ(*d->groups[1].tau_b, -1.0);

  ASSERT_EQ(d->placed_differently.size(), 1u);
  const PlacedDifferently& p = d->placed_differently[0];
  EXPECT_EQ(p.role, "c1");
  EXPECT_EQ(p.framework_track, "t1");
  EXPECT_EQ(p.group, 2);
  EXPECT_EQ(p.group_track, "t2");
  EXPECT_EQ(p.moves_with_group, 5);  // c1 → c2 4, c2 → c1 1
  EXPECT_EQ(p.moves_with_track, 0);  // none with a1, a2, a3
  ASSERT_EQ(p.pull.size(), 2u);
  EXPECT_EQ(p.pull[0].from, "c1");
  EXPECT_EQ(p.pull[0].to, "c2");
  EXPECT_EQ(p.pull[0].count, 4);
  EXPECT_EQ(p.pull[1].from, "c2");
  EXPECT_EQ(p.pull[1].count, 1);
  EXPECT_TRUE(d->roles[3].differs);  // c1, fourth in framework order
  EXPECT_FALSE(d->roles[0].differs);
}

// Only track a moves: w(a1,a2) = 5, w(a2,a3) = 4, m = 9. Every split loses:
//   {a1}, {a2,a3}: 4/9 − (5/18)² − (13/18)² = −0.154;  {a1,a2}, {a3}: 5/9 − (14/18)² − (4/18)² = −0.099;
//   {a1,a3}, {a2}: 0 − (9/18)² − (9/18)² = −0.5;  three singletons: −(25 + 81 + 16)/324 = −0.377.
// So one group, Q = 0; the six roles without moves are unplaced.
TEST(TrackDiscoveryTest, OneGroupWhenNoSplitBeatsIt) {
  const Framework fw = Matching();
  Result<TrackDiscovery> d = DiscoverTracks(Careers(fw, {{4, {"a1", "a2", "a3"}}, {1, {"a2", "a1"}}}), fw);
  ASSERT_TRUE(d) << d.error().message();
  EXPECT_EQ(Groups(*d), (std::vector<std::vector<std::string>>{{"a1", "a2", "a3"}}));
  EXPECT_EQ(d->modularity, 0.0);
  ASSERT_EQ(d->modularity_by_k.size(), 3u);
  EXPECT_NEAR(d->modularity_by_k[1], 5.0 / 9 - (14.0 * 14 + 4 * 4) / 324, 1e-15);
  EXPECT_NEAR(d->modularity_by_k[2], -(25.0 + 81 + 16) / 324, 1e-15);
  EXPECT_EQ(d->unplaced, (std::vector<std::string>{"b1", "b2", "b3", "c1", "c2", "c3"}));
  EXPECT_DOUBLE_EQ(d->ari, 1.0);  // one group against one track
  EXPECT_DOUBLE_EQ(d->nmi, 1.0);
  EXPECT_EQ(d->roles[3].group, 0);
  EXPECT_EQ(d->roles[3].position, 0);
}

// --groups 2 on the three clean tracks: {a,b}{c}, {a,c}{b} and {a}{b,c} all have Q = 4/9
// exactly; the first in framework order (a and b together) wins. Within {a,b} the two chains
// can interleave at no cost; the first role that keeps the optimum comes first each time.
TEST(TrackDiscoveryTest, ForcedGroupsBreakTiesByFrameworkOrder) {
  const Framework fw = Matching();
  const Population pop = Careers(fw, ThreeCleanTracks());
  for (int exact : {12, 0}) {
    TrackDiscoveryOptions o;
    o.groups = 2;
    o.exact_max_roles = exact;
    Result<TrackDiscovery> d = DiscoverTracks(pop, fw, o);
    ASSERT_TRUE(d) << d.error().message();
    EXPECT_TRUE(d->forced);
    EXPECT_EQ(Groups(*d), (std::vector<std::vector<std::string>>{
                              {"a1", "a2", "a3", "b1", "b2", "b3"}, {"c1", "c2", "c3"}}))
        << exact;
    EXPECT_NEAR(d->modularity, 4.0 / 9.0, 1e-15);
    EXPECT_EQ(d->groups[0].backward_moves, 2);
    EXPECT_EQ(d->groups[0].track, "a");  // 3 of a, 3 of b: the first track on ties
    ASSERT_EQ(d->placed_differently.size(), 3u);
    EXPECT_EQ(d->placed_differently[0].role, "b1");
  }
  TrackDiscoveryOptions o;
  o.groups = 3;
  Result<TrackDiscovery> three = DiscoverTracks(pop, fw, o);
  ASSERT_TRUE(three);
  EXPECT_EQ(Groups(*three)[2], (std::vector<std::string>{"c1", "c2", "c3"}));
  o.groups = 10;
  Result<TrackDiscovery> ten = DiscoverTracks(pop, fw, o);
  ASSERT_FALSE(ten);
  EXPECT_EQ(ten.error().message(), "--groups 10: only 9 roles have 1 move or more to or from other roles");
}

// With resolution γ the one group scores 1 − γ and the three tracks 3 · (1/3 − γ/9) = 1 − γ/3.
TEST(TrackDiscoveryTest, ResolutionScalesTheNullModel) {
  const Framework fw = Matching();
  TrackDiscoveryOptions o;
  o.resolution = 0.5;
  Result<TrackDiscovery> d = DiscoverTracks(Careers(fw, ThreeCleanTracks()), fw, o);
  ASSERT_TRUE(d);
  EXPECT_NEAR(d->modularity_by_k[0], 0.5, 1e-15);
  EXPECT_NEAR(d->modularity_by_k[2], 1 - 0.5 / 3, 1e-15);
  EXPECT_EQ(d->groups.size(), 3u);
}

// Light cross-track noise (one move a3 → b3, one c1 → a1) does not move a role: each role keeps
// far more moves with its own track than with the other.
TEST(TrackDiscoveryTest, RecoversTracksThroughLightNoise) {
  const Framework fw = Matching();
  Cohorts cohorts = ThreeCleanTracks();
  cohorts.push_back({1, {"a3", "b3"}});
  cohorts.push_back({1, {"c1", "a1"}});
  Result<TrackDiscovery> d = DiscoverTracks(Careers(fw, cohorts), fw);
  ASSERT_TRUE(d);
  EXPECT_EQ(Groups(*d), (std::vector<std::vector<std::string>>{
                            {"a1", "a2", "a3"}, {"b1", "b2", "b3"}, {"c1", "c2", "c3"}}));
  // m = 29; L = 9 each; K_a = 18 + 2, K_b = 18 + 1, K_c = 18 + 1.
  const double q = 27.0 / 29 - (20.0 * 20 + 19 * 19 + 19 * 19) / (58.0 * 58);
  EXPECT_NEAR(d->modularity, q, 1e-15);
}

TEST(TrackDiscoveryTest, TheCleanTracksBeatEveryRewiring) {
  const Framework fw = Matching();
  Result<TrackDiscovery> d = DiscoverTracks(Careers(fw, ThreeCleanTracks()), fw);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->best_k, 3);
  EXPECT_TRUE(d->supported);
  ASSERT_EQ(d->null_modularity.size(), 19u);
  for (double q : d->null_modularity) EXPECT_LT(q, 2.0 / 3.0);
  ASSERT_TRUE(d->p_value);
  EXPECT_DOUBLE_EQ(*d->p_value, 1.0 / 20);
}

// Two single moves, a1 → a2 and b1 → b2: two groups score 2 · (1/2 − (2/4)²) = 1/2, one group 0.
// But every rewiring of two edges among four roles of strength 1 is again two disjoint edges
// with the same best Q = 1/2, so the split is not supported (p = 20/20) and the answer is one
// group. Without the test (null_samples = 0) the largest Q decides: two groups.
TEST(TrackDiscoveryTest, ASplitRandomGraphsMatchIsNotSupported) {
  const Framework fw = Matching();
  const Population pop = Careers(fw, {{1, {"a1", "a2"}}, {1, {"b1", "b2"}}});
  Result<TrackDiscovery> d = DiscoverTracks(pop, fw);
  ASSERT_TRUE(d) << d.error().message();
  EXPECT_EQ(d->best_k, 2);
  EXPECT_NEAR(d->modularity_by_k[1], 0.5, 1e-15);
  EXPECT_FALSE(d->supported);
  for (double q : d->null_modularity) EXPECT_NEAR(q, 0.5, 1e-15);
  EXPECT_DOUBLE_EQ(*d->p_value, 1.0);
  EXPECT_EQ(Groups(*d), (std::vector<std::vector<std::string>>{{"a1", "a2", "b1", "b2"}}));
  EXPECT_EQ(d->modularity, 0.0);

  TrackDiscoveryOptions o;
  o.null_samples = 0;
  Result<TrackDiscovery> plain = DiscoverTracks(pop, fw, o);
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->p_value);
  EXPECT_TRUE(plain->supported);
  EXPECT_EQ(Groups(*plain), (std::vector<std::vector<std::string>>{{"a1", "a2"}, {"b1", "b2"}}));
}

// Resampling people never joins two tracks that no move joins, nor splits a track (splitting a
// path x1 –a– x2 –b– x3 changes 4m²·Q by −4m·a + 2a(a + 2b)... never a gain while a + 2b < 2m),
// so every role keeps exactly its company: stability 1, ARI 1.
TEST(TrackDiscoveryTest, BootstrapOfCleanTracksIsFullyStable) {
  const Framework fw = Matching();
  const Population pop = Careers(fw, ThreeCleanTracks());
  TrackDiscoveryOptions o;
  o.bootstrap = 20;
  Result<TrackDiscovery> d = DiscoverTracks(pop, fw, o);
  ASSERT_TRUE(d) << d.error().message();
  EXPECT_EQ(d->bootstrap, 20);
  int64_t sum = 0;
  for (int64_t c : d->bootstrap_k) sum += c;
  EXPECT_EQ(sum, 20);
  ASSERT_TRUE(d->bootstrap_ari);
  EXPECT_DOUBLE_EQ(*d->bootstrap_ari, 1.0);
  for (const RolePlacement& r : d->roles) {
    ASSERT_TRUE(r.stability) << r.role;
    EXPECT_DOUBLE_EQ(*r.stability, 1.0) << r.role;
  }
  ASSERT_TRUE(d->groups[0].stability);
  EXPECT_DOUBLE_EQ(*d->groups[0].stability, 1.0);
  Result<TrackDiscovery> again = DiscoverTracks(pop, fw, o);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->bootstrap_k, d->bootstrap_k);
  o.bootstrap = 0;
  Result<TrackDiscovery> none = DiscoverTracks(pop, fw, o);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->roles[0].stability);
  EXPECT_FALSE(none->bootstrap_ari);
}

TEST(TrackDiscoveryTest, OnlyRolesRestrictsTheGraph) {
  const Framework fw = Matching();
  TrackDiscoveryOptions o;
  o.only_roles = {"b3", "a1", "a2", "a3", "b1", "b2"};
  Result<TrackDiscovery> d = DiscoverTracks(Careers(fw, ThreeCleanTracks()), fw, o);
  ASSERT_TRUE(d) << d.error().message();
  EXPECT_EQ(Groups(*d), (std::vector<std::vector<std::string>>{{"a1", "a2", "a3"}, {"b1", "b2", "b3"}}));
  EXPECT_EQ(d->moves, 18);
  EXPECT_EQ(d->placed_roles, 6);
  EXPECT_TRUE(d->unplaced.empty());
  EXPECT_FALSE(d->roles[6].considered);  // c1
  EXPECT_EQ(d->roles[6].group, 0);
  EXPECT_EQ(d->framework_tracks, 2);
  o.only_roles = {"a1", "z9"};
  Result<TrackDiscovery> bad = DiscoverTracks(Careers(fw, ThreeCleanTracks()), fw, o);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message(), "role 'z9': not a role of framework 'three' 1");
}

TEST(TrackDiscoveryTest, MinMovesLeavesThinRolesUnplaced) {
  const Framework fw = Matching();
  Cohorts cohorts = ThreeCleanTracks();
  TrackDiscoveryOptions o;
  o.min_moves = 5;  // x1 has 5 moves, x2 9, x3 4
  Result<TrackDiscovery> d = DiscoverTracks(Careers(fw, cohorts), fw, o);
  ASSERT_TRUE(d) << d.error().message();
  EXPECT_EQ(d->unplaced, (std::vector<std::string>{"a3", "b3", "c3"}));
  EXPECT_EQ(Groups(*d), (std::vector<std::vector<std::string>>{{"a1", "a2"}, {"b1", "b2"}, {"c1", "c2"}}));
  EXPECT_EQ(d->moves, 15);  // the x3 moves go with x3
  EXPECT_NEAR(d->modularity, 3 * (5.0 / 15 - 1.0 / 9), 1e-15);
  o.min_moves = 6;  // x2 alone in each track: no move left between placed roles
  Result<TrackDiscovery> none = DiscoverTracks(Careers(fw, cohorts), fw, o);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message(),
            "no moves between two roles with at least 6 moves each: nothing to group (the careers have 57 moves "
            "in all, entries and exits included)");
}

TEST(TrackDiscoveryTest, RejectsBadOptions) {
  const Framework fw = Matching();
  const Population pop = Careers(fw, ThreeCleanTracks());
  TrackDiscoveryOptions o;
  o.groups = 0;
  EXPECT_EQ(DiscoverTracks(pop, fw, o).error().message(), "--groups 0: must be at least 1");
  o = {};
  o.resolution = 0;
  EXPECT_EQ(DiscoverTracks(pop, fw, o).error().message(), "--resolution 0: must be a number above 0");
  o = {};
  o.min_moves = 0;
  EXPECT_EQ(DiscoverTracks(pop, fw, o).error().message(), "--min-moves 0: must be at least 1");
  o = {};
  o.exact_max_roles = 14;
  EXPECT_FALSE(DiscoverTracks(pop, fw, o));
  o = {};
  o.bootstrap = -1;
  EXPECT_EQ(DiscoverTracks(pop, fw, o).error().message(), "--bootstrap -1: must be 0 to 10000");
  o = {};
  o.null_samples = -1;
  EXPECT_EQ(DiscoverTracks(pop, fw, o).error().message(), "--null-samples -1: must be 0 to 999");
}

TEST(TrackDiscoveryTest, NoMovesBetweenRolesIsAnError) {
  const Framework fw = Matching();
  Result<TrackDiscovery> d = DiscoverTracks(Careers(fw, {{3, {"a1"}}}), fw);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().message(),
            "no moves between two roles: nothing to group (the careers have 6 moves in all, entries and exits "
            "included)");
}

// Is every result the same from run to run, and the exhaustive search never worse than the
// agglomerative one? A population with moves everywhere (cohorts along many paths).
TEST(TrackDiscoveryTest, ExhaustiveIsNeverWorseAndBothAreDeterministic) {
  const Framework fw = Matching();
  Cohorts cohorts = ThreeCleanTracks();
  const std::vector<std::string> r = {"a1", "a2", "a3", "b1", "b2", "b3", "c1", "c2", "c3"};
  for (size_t i = 0; i < r.size(); ++i) cohorts.push_back({static_cast<int>(1 + i % 3), {r[i], r[(i * 4 + 1) % 9]}});
  const Population pop = Careers(fw, cohorts);
  TrackDiscoveryOptions greedy;
  greedy.exact_max_roles = 0;
  Result<TrackDiscovery> e1 = DiscoverTracks(pop, fw), e2 = DiscoverTracks(pop, fw);
  Result<TrackDiscovery> g1 = DiscoverTracks(pop, fw, greedy), g2 = DiscoverTracks(pop, fw, greedy);
  ASSERT_TRUE(e1 && e2 && g1 && g2);
  EXPECT_EQ(Groups(*e1), Groups(*e2));
  EXPECT_EQ(Groups(*g1), Groups(*g2));
  for (size_t k = 0; k < e1->modularity_by_k.size(); ++k) {
    EXPECT_GE(e1->modularity_by_k[k], g1->modularity_by_k[k] - 1e-15) << k + 1;
  }
}

TEST(TrackDiscoveryTest, ModularityOfAHandWorkedGraph) {
  // Path 0 –2– 1 –1– 2 (weights 2 and 1), m = 3, strengths 2, 3, 1.
  const std::vector<int64_t> w = {0, 2, 0, 2, 0, 1, 0, 1, 0};
  // {0,1}, {2}: L = 2, K = 5 and 1: 2/3 − (25 + 1)/36 = −1/18.
  EXPECT_NEAR(Modularity(w, 3, {0, 0, 1}, 1.0), 2.0 / 3 - 26.0 / 36, 1e-15);
  EXPECT_NEAR(Modularity(w, 3, {0, 0, 0}, 1.0), 0.0, 1e-15);
  EXPECT_NEAR(Modularity(w, 3, {0, 0, 0}, 2.0), -1.0, 1e-15);
}

TEST(TrackDiscoveryTest, AgreementScores) {
  EXPECT_DOUBLE_EQ(AdjustedRandIndex({0, 0, 1, 1}, {1, 1, 0, 0}), 1.0);
  EXPECT_DOUBLE_EQ(NormalizedMutualInformation({0, 0, 1, 1}, {1, 1, 0, 0}), 1.0);
  EXPECT_DOUBLE_EQ(AdjustedRandIndex({0, 1, 2}, {0, 1, 2}), 1.0);  // all singletons on both sides
  EXPECT_DOUBLE_EQ(NormalizedMutualInformation({0, 0, 0}, {0, 0, 0}), 1.0);
  EXPECT_DOUBLE_EQ(NormalizedMutualInformation({0, 0, 0}, {0, 1, 1}), 0.0);
  // {0,0,1,1} vs {0,1,0,1}: Σ C(n_ij,2) = 0, rows 2, columns 2, expected 2·2/6, max 2:
  // (0 − 2/3) / (2 − 2/3) = −1/2.
  EXPECT_NEAR(AdjustedRandIndex({0, 0, 1, 1}, {0, 1, 0, 1}), -0.5, 1e-15);
  // Tau-b with ties in y: x = 1 2 3, y = 1 1 2: C = 2, D = 0, 3 pairs, one tied in y:
  // 2 / sqrt(3 · 2).
  EXPECT_NEAR(*KendallTauB({1, 2, 3}, {1, 1, 2}, {0, 0, 0}), 2 / std::sqrt(6.0), 1e-15);
  EXPECT_FALSE(KendallTauB({1, 2}, {1, 2}, {0, 1}));  // no pair in one stratum
}

TEST(TrackDiscoveryTest, OrderMinimisesBackwardMovesAndBreaksTiesInInputOrder) {
  // 3 nodes; counts c[from][to]: 0→1 1, 1→0 1 (a tie), 1→2 5, 2→0 2.
  const std::vector<int64_t> c = {0, 1, 0, 1, 0, 5, 2, 0, 0};
  // Backward moves (from a later node to an earlier one) of each order: 012: 1→0 + 2→0 = 3;
  // 021: 2→0 + 1→0 + 1→2 = 8; 102: 0→1 + 2→0 = 3; 120: 0→1 = 1; 201: 1→2 + 1→0 = 6; 210: 6.
  EXPECT_EQ(OrderByNetDirection(c, 3, {0, 1, 2}), (std::vector<int>{1, 2, 0}));
  // A pure tie: 0 ↔ 1 once each; framework (input) order wins.
  EXPECT_EQ(OrderByNetDirection({0, 1, 1, 0}, 2, {0, 1}), (std::vector<int>{0, 1}));
  EXPECT_EQ(OrderByNetDirection({0, 1, 1, 0}, 2, {1, 0}), (std::vector<int>{1, 0}));
}

TEST(TrackDiscoveryTest, LargeGroupsAreOrderedGreedilyThenByInsertions) {
  // A chain of 20 nodes given in reverse: moves i → i+1 three times, i+1 → i once.
  const size_t n = 20;
  std::vector<int64_t> c(n * n, 0);
  for (size_t i = 0; i + 1 < n; ++i) {
    c[i * n + i + 1] = 3;
    c[(i + 1) * n + i] = 1;
  }
  std::vector<int> nodes;
  for (int i = static_cast<int>(n) - 1; i >= 0; --i) nodes.push_back(i);
  std::vector<int> want(n);
  for (size_t i = 0; i < n; ++i) want[i] = static_cast<int>(i);
  EXPECT_EQ(OrderByNetDirection(c, n, nodes), want);
}

}  // namespace
}  // namespace careergraph
