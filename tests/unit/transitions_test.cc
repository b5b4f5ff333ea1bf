#include "careergraph/analysis/transitions.h"

#include <gtest/gtest.h>

#include "careergraph/io/careers.h"
#include "test_util.h"

namespace careergraph {
namespace {

// Every number below is worked out by hand from this population (framework: test_util's Small,
// tracks tech = junior < mid < senior and mgmt = lead < head; destinations outside, left-it).
constexpr const char* kCareers =
    "person_id,role,title,start,end,site\n"
    "a,junior,,2000,2002,X\n"      // entry outside->junior (2000)
    "a,mid,,2002,2005,X\n"         // promotion junior->mid (2002)
    "a,lead,,2005,,X\n"            // cross-track mid->lead (2005); then censored
    "b,mid,,2001,2003,Y\n"         // entry outside->mid (2001)
    "b,junior,,2003,2004,Y\n"      // step-back mid->junior (2003)
    "b,left-it,,2004,,Y\n"         // exit junior->left-it (2004)
    "c,senior,,2002,2006,X\n"      // entry outside->senior (2002); exit senior->outside (2006)
    "d,left-it,,1999,2001,\n"      // a first spell in a destination: no move
    "d,mid,,2001,2001-06,\n"       // entry left-it->mid (2001)
    "d,mid,Engineer,2001-06,,\n";  // same role, new title: no move; censored

Population Load() {
  static const Framework fw = testing::Small();
  Result<CareerBatch> b = ParseCareerBatch(kCareers, "t.csv", CareerFormat::kCsv, fw);
  EXPECT_TRUE(b) << b.error().message();
  return std::move(b->population);
}

std::vector<std::string> Rows(const TransitionTable& t) {
  std::vector<std::string> out;
  for (const TransitionCount& m : t.moves) {
    out.push_back(m.from + ">" + m.to + " " + std::string(MoveKindName(m.kind)) + " " +
                  std::to_string(m.count) + " " + std::to_string(m.rate).substr(0, 5));
  }
  return out;
}

TEST(TransitionsTest, CountsRoleMovesEntriesExitsAndCensoringByHand) {
  const Framework fw = testing::Small();
  Result<TransitionTable> t = ComputeTransitions(Load(), fw);
  ASSERT_TRUE(t) << t.error().message();
  EXPECT_EQ(Rows(*t), (std::vector<std::string>{
                          "junior>mid promotion 1 0.500",
                          "junior>left-it exit 1 0.500",
                          "mid>junior step-back 1 0.500",
                          "mid>lead cross-track 1 0.500",
                          "senior>outside exit 1 1.000",
                          "outside>junior entry 1 0.333",
                          "outside>mid entry 1 0.333",
                          "outside>senior entry 1 0.333",
                          "left-it>mid entry 1 1.000",
                      }));
  EXPECT_EQ(t->total, 9);
  EXPECT_EQ(t->people, 4);
  EXPECT_EQ(t->censored, 2);
  EXPECT_EQ(t->by_kind[static_cast<size_t>(MoveKind::kPromotion)], 1);
  EXPECT_EQ(t->by_kind[static_cast<size_t>(MoveKind::kStepBack)], 1);
  EXPECT_EQ(t->by_kind[static_cast<size_t>(MoveKind::kCrossTrack)], 1);
  EXPECT_EQ(t->by_kind[static_cast<size_t>(MoveKind::kEntry)], 4);
  EXPECT_EQ(t->by_kind[static_cast<size_t>(MoveKind::kExit)], 2);
}

TEST(TransitionsTest, TrackLevelKeepsKindsApartWithinATrack) {
  const Framework fw = testing::Small();
  TransitionOptions o;
  o.level = TransitionLevel::kTrack;
  Result<TransitionTable> t = ComputeTransitions(Load(), fw, o);
  ASSERT_TRUE(t) << t.error().message();
  EXPECT_EQ(Rows(*t), (std::vector<std::string>{
                          "tech>tech promotion 1 0.200",
                          "tech>tech step-back 1 0.200",
                          "tech>mgmt cross-track 1 0.200",
                          "tech>outside exit 1 0.200",
                          "tech>left-it exit 1 0.200",
                          "outside>tech entry 3 1.000",
                          "left-it>tech entry 1 1.000",
                      }));
  EXPECT_EQ(t->total, 9);
}

TEST(TransitionsTest, FiltersByAttributeAndByDate) {
  const Framework fw = testing::Small();
  TransitionOptions o;
  o.where = {{"site", "X"}};
  Result<TransitionTable> t = ComputeTransitions(Load(), fw, o);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->people, 2);  // a and c
  EXPECT_EQ(t->total, 5);
  EXPECT_EQ(t->censored, 1);

  TransitionOptions d;
  d.since = ParseDate("2003")->days;
  Result<TransitionTable> t2 = ComputeTransitions(Load(), fw, d);
  ASSERT_TRUE(t2);
  EXPECT_EQ(t2->total, 4);  // mid->lead 2005, mid->junior 2003, junior->left-it 2004, senior->outside 2006
  d.until = ParseDate("2004-12-31")->days;
  EXPECT_EQ(ComputeTransitions(Load(), fw, d)->total, 2);

  o.where = {{"site", "nowhere"}};
  EXPECT_EQ(ComputeTransitions(Load(), fw, o)->total, 0);
}

TEST(TransitionsTest, RejectsAnUnknownAttribute) {
  TransitionOptions o;
  o.where = {{"city", "X"}};
  Result<TransitionTable> t = ComputeTransitions(Load(), testing::Small(), o);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().message(), "--where city=X: no person attribute 'city'; the careers have 'site'");
}

}  // namespace
}  // namespace careergraph
