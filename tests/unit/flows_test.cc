// Track flows and their Sankey diagram, on a small population whose every number is worked out
// by hand below.
#include "careergraph/analysis/flows.h"

#include <regex>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "careergraph/io/careers.h"
#include "careergraph/render/sankey.h"
#include "test_util.h"

namespace careergraph {
namespace {

// Framework: test_util's Small — tracks tech = junior(1) < mid(2) < senior(3) and
// mgmt = lead(2) < head(3); destinations outside, left-it (in that order).
constexpr const char* kCareers =
    "person_id,role,title,start,end,site\n"
    "a,junior,,2000,2002,X\n"    // entry outside->junior (tech 1)
    "a,mid,,2002,2004,X\n"       // promotion tech (junior->mid)
    "a,lead,,2004,2006,X\n"      // cross-track tech 2 -> mgmt 2 (2004)
    "a,head,,2006,,X\n"          // promotion mgmt (lead->head, 2006); censored
    "b,mid,,2001,2003,Y\n"       // entry outside->mid (tech 2)
    "b,lead,,2003,2005,Y\n"      // cross-track tech 2 -> mgmt 2 (2003)
    "b,senior,,2005,2007,Y\n"    // cross-track mgmt 2 -> tech 3 (2005)
    "b,left-it,,2007,,Y\n"       // exit tech 3 -> left-it (2007)
    "c,lead,,2002,2004,X\n"      // entry outside->lead (mgmt 2)
    "c,mid,,2004,2008,X\n"       // cross-track mgmt 2 -> tech 2 (2004); exit tech 2 -> outside (2008)
    "d,left-it,,1999,2001,Y\n"   // a first spell in a destination: no move
    "d,junior,,2001,2003,Y\n"    // entry left-it->junior (tech 1)
    "d,mid,,2003,2006,Y\n"       // promotion tech (2003)
    "d,junior,,2006,2007,Y\n"    // step-back tech (2006); exit tech 1 -> outside (2007)
    "e,mid,,2000,2003,X\n"       // entry outside->mid (tech 2)
    "e,lead,,2003,,X\n";         // cross-track tech 2 -> mgmt 2 (2003); censored
// Totals: 5 entries + 3 within tech (2 promotions, 1 step-back) + 1 within mgmt (promotion)
// + 5 cross-track + 3 exits = 17 moves of 5 people; 2 censored (a, e).

const Framework& Fw() {
  static const Framework fw = testing::Small();
  return fw;
}

Population Load() {
  Result<CareerBatch> b = ParseCareerBatch(kCareers, "t.csv", CareerFormat::kCsv, Fw());
  EXPECT_TRUE(b) << b.error().message();
  return std::move(b->population);
}

std::vector<std::string> Cross(const FlowTable& f) {
  std::vector<std::string> out;
  for (const CrossTrackFlow& c : f.cross_track) {
    out.push_back(fmt::format("{}{}:{}>{}{}:{} {} {:.3f}", c.from_track, c.from_level, c.from_role, c.to_track,
                              c.to_level, c.to_role, c.count, c.share));
  }
  return out;
}

std::vector<std::string> Boundary(const std::vector<BoundaryFlow>& rows) {
  std::vector<std::string> out;
  for (const BoundaryFlow& b : rows) {
    out.push_back(fmt::format("{}{}:{} {} {} {:.3f}", b.track, b.level, b.role, b.destination, b.count, b.share));
  }
  return out;
}

TEST(FlowsTest, AggregatesRoleMovesIntoTrackFlowsByHand) {
  Result<FlowTable> f = ComputeFlows(Load(), Fw());
  ASSERT_TRUE(f) << f.error().message();
  EXPECT_EQ(f->tracks, (std::vector<std::string>{"tech", "mgmt"}));
  EXPECT_EQ(f->destinations, (std::vector<std::string>{"outside", "left-it"}));
  EXPECT_EQ(f->total, 17);
  EXPECT_EQ(f->people, 5);
  EXPECT_EQ(f->censored, 2);

  // mid->lead by a, b, e: 3 of the 5 cross-track moves; the two single moves out of lead tie
  // on count and from, and go by the level they reach (mid 2 before senior 3).
  EXPECT_EQ(Cross(*f), (std::vector<std::string>{
                           "tech2:mid>mgmt2:lead 3 0.600",
                           "mgmt2:lead>tech2:mid 1 0.200",
                           "mgmt2:lead>tech3:senior 1 0.200",
                       }));

  // The matrix: tech row 3 within (2 promotions a, d; 1 step-back d) + 3 to mgmt = 6;
  // mgmt row 2 to tech (b, c) + 1 within (a's promotion) = 3.
  ASSERT_EQ(f->matrix.size(), 4u);
  const TrackPairCount& tt = f->Cell("tech", "tech");
  EXPECT_EQ(tt.count, 3);
  EXPECT_EQ(tt.promotions, 2);
  EXPECT_EQ(tt.step_backs, 1);
  EXPECT_DOUBLE_EQ(tt.share, 0.5);
  EXPECT_EQ(f->Cell("tech", "mgmt").count, 3);
  EXPECT_EQ(f->Cell("tech", "mgmt").promotions, 0);
  EXPECT_EQ(f->Cell("mgmt", "tech").count, 2);
  EXPECT_DOUBLE_EQ(f->Cell("mgmt", "tech").share, 2.0 / 3);
  EXPECT_EQ(f->Cell("mgmt", "mgmt").count, 1);
  EXPECT_EQ(f->Cell("mgmt", "mgmt").promotions, 1);
  EXPECT_EQ(f->Cell("mgmt", "mgmt").step_backs, 0);
  EXPECT_EQ(f->matrix[1].from, "tech");  // row-major in framework order
  EXPECT_EQ(f->matrix[1].to, "mgmt");

  // Entries: tech gets a (outside, 1), d (left-it, 1), b and e (outside, 2) = 4; mgmt gets c = 1.
  EXPECT_EQ(Boundary(f->entries), (std::vector<std::string>{
                                      "tech1:junior outside 1 0.250",
                                      "tech1:junior left-it 1 0.250",
                                      "tech2:mid outside 2 0.500",
                                      "mgmt2:lead outside 1 1.000",
                                  }));
  // Exits, all from tech: d from junior (2007), c from mid (2008), b from senior to left-it.
  EXPECT_EQ(Boundary(f->exits), (std::vector<std::string>{
                                    "tech1:junior outside 1 0.333",
                                    "tech2:mid outside 1 0.333",
                                    "tech3:senior left-it 1 0.333",
                                }));
  ASSERT_EQ(f->entries_by_track.size(), 2u);
  EXPECT_EQ(f->entries_by_track[0].count, 4);
  EXPECT_EQ(f->entries_by_track[1].count, 1);
  EXPECT_EQ(f->exits_by_track[0].count, 3);
  EXPECT_EQ(f->exits_by_track[1].track, "mgmt");
  EXPECT_EQ(f->exits_by_track[1].count, 0);
}

TEST(FlowsTest, FiltersAsTransitionsDo) {
  TransitionOptions o;
  o.where = {{"site", "X"}};  // a, c, e
  o.level = TransitionLevel::kTrack;  // ignored: flows start from roles
  Result<FlowTable> f = ComputeFlows(Load(), Fw(), o);
  ASSERT_TRUE(f) << f.error().message();
  EXPECT_EQ(f->people, 3);
  // a: entry, promotion, cross, promotion; c: entry, cross, exit; e: entry, cross = 9.
  EXPECT_EQ(f->total, 9);
  EXPECT_EQ(Cross(*f), (std::vector<std::string>{"tech2:mid>mgmt2:lead 2 0.667", "mgmt2:lead>tech2:mid 1 0.333"}));

  // Moves dated 2005 or later: a lead->head (2006), b lead->senior (2005) and its exit (2007),
  // c's exit (2008), d's step-back (2006) and exit (2007) = 6.
  TransitionOptions d;
  d.since = ParseDate("2005")->days;
  Result<FlowTable> g = ComputeFlows(Load(), Fw(), d);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->total, 6);
  EXPECT_EQ(Cross(*g), (std::vector<std::string>{"mgmt2:lead>tech3:senior 1 1.000"}));
  EXPECT_TRUE(g->entries.empty());
  EXPECT_EQ(g->Cell("tech", "tech").step_backs, 1);
  EXPECT_EQ(g->Cell("tech", "tech").promotions, 0);
  EXPECT_EQ(g->exits.size(), 3u);
}

TEST(FlowsTest, RejectsAnUnknownAttribute) {
  TransitionOptions o;
  o.where = {{"city", "X"}};
  Result<FlowTable> f = ComputeFlows(Load(), Fw(), o);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().message(), "--where city=X: no person attribute 'city'; the careers have 'site'");
}

// All matches of `re`'s first group in `text`.
std::vector<std::string> All(const std::string& text, const std::string& re) {
  std::vector<std::string> out;
  const std::regex r(re);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), r); it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[1]);
  }
  return out;
}

TEST(FlowsTest, SankeyHasTheNodesAndRibbonsOfTheFlows) {
  Result<FlowTable> f = ComputeFlows(Load(), Fw());
  ASSERT_TRUE(f);
  const SankeyDiagram d = FlowSankey(*f, Fw());
  // Left: destinations then tracks; right: tracks then destinations.
  ASSERT_EQ(d.left.size(), 4u);
  EXPECT_EQ(d.left[0].id, "outside");
  EXPECT_EQ(d.left[2].id, "tech");
  EXPECT_EQ(d.left[2].label, "Technical");
  EXPECT_EQ(d.right[3].label, "Left IT");
  // Ribbons: outside->tech 3, outside->mgmt 1, left-it->tech 1; tech->tech 3, tech->mgmt 3,
  // tech->outside 2, tech->left-it 1; mgmt->tech 2, mgmt->mgmt 1 = 9 ribbons, 17 moves.
  std::vector<std::string> links;
  int64_t sum = 0;
  for (const SankeyLink& l : d.links) {
    links.push_back(fmt::format("{}>{} {}", d.left[l.from].id, d.right[l.to].id, l.value));
    sum += l.value;
  }
  EXPECT_EQ(links, (std::vector<std::string>{"outside>tech 3", "outside>mgmt 1", "left-it>tech 1", "tech>tech 3",
                                             "tech>mgmt 3", "tech>outside 2", "tech>left-it 1", "mgmt>tech 2",
                                             "mgmt>mgmt 1"}));
  EXPECT_EQ(sum, 17);
  EXPECT_EQ(d.links[0].color, d.links[3].color);  // an entry takes the colour of the track entered
  EXPECT_EQ(d.links[3].tooltip, "Technical → Technical: 3 moves within the track (2 promotions, 1 step-back)");

  const std::string svg = RenderSankey(d);
  EXPECT_EQ(svg, RenderSankey(d));  // deterministic
  EXPECT_EQ(All(svg, "data-side=\"left\" data-id=\"([^\"]+)\""),
            (std::vector<std::string>{"outside", "left-it", "tech", "mgmt"}));
  EXPECT_EQ(All(svg, "data-side=\"right\" data-id=\"([^\"]+)\""),
            (std::vector<std::string>{"tech", "mgmt", "outside", "left-it"}));
  EXPECT_EQ(All(svg, "(<g class=\"link\")").size(), 9u);
  // Labels carry names and totals: left tech = 3 + 3 + 2 + 1 = 9 out; right mgmt = 1 + 3 + 1 = 5 in.
  EXPECT_NE(svg.find(">Technical (9)</text>"), std::string::npos);
  EXPECT_NE(svg.find(">Management (5)</text>"), std::string::npos);
  // Heights: 480 px for 17 moves; outside (left) carries 4 -> 112.94 px.
  EXPECT_NE(svg.find("height=\"112.94\""), std::string::npos);

  // Without the moves within a track: 7 ribbons; every node still has moves.
  const std::string cross = RenderSankey(FlowSankey(*f, Fw(), /*within_track=*/false));
  EXPECT_EQ(All(cross, "(<g class=\"link\")").size(), 7u);
  EXPECT_EQ(All(cross, "(<g class=\"node\")").size(), 8u);
}

TEST(FlowsTest, SankeyKeepsSmallNodesLegible) {
  SankeyDiagram d;
  d.title = "t & <t>";
  d.left = {{"a", "A", "#000000"}, {"b", "B", "#000000"}, {"z", "Z", "#000000"}};
  d.right = {{"c", "C", "#000000"}};
  d.links = {{0, 0, 1000, "#111111", ""}, {1, 0, 1, "#222222", ""}};  // z has no moves: no node
  SankeyStyle style;
  const std::string svg = RenderSankey(d, style);
  EXPECT_NE(svg.find("aria-label=\"t &amp; &lt;t&gt;\""), std::string::npos);
  EXPECT_EQ(All(svg, "data-id=\"(z)\"").size(), 0u);
  // B's 1 move is 0.48 px at scale: drawn 2 px (min_node_height), in a slot a label line tall
  // (1.4 × 12 = 16.8 px), so its label sits at least a line below A's.
  const std::vector<std::string> heights = All(svg, "<rect x=\"[0-9.]+\" y=\"[0-9.]+\" width=\"14\" height=\"([0-9.]+)\"");
  ASSERT_EQ(heights.size(), 3u);  // A, B, C
  EXPECT_EQ(heights[1], "2");
  const std::vector<std::string> ys = All(svg, "<text x=\"[0-9.]+\" y=\"([0-9.]+)\" text-anchor=\"end\" font-size=\"12\">[AB] ");
  ASSERT_EQ(ys.size(), 2u);
  EXPECT_GE(std::stod(ys[1]) - std::stod(ys[0]), 12.0);
  EXPECT_NE(svg.find("<title>A → C: 1000</title>"), std::string::npos);  // default tooltip
}

}  // namespace
}  // namespace careergraph
