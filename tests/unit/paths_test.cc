#include "careergraph/analysis/paths.h"

#include <gtest/gtest.h>

#include "careergraph/io/careers.h"
#include "test_util.h"

namespace careergraph {
namespace {

// Sequences (test_util's Small framework), worked out by hand:
//   a: junior mid senior;  b: junior mid lead;  c: junior mid senior (mid twice, collapsed);
//   d: mid junior mid.
constexpr const char* kCareers =
    "person_id,role,title,start,end\n"
    "a,junior,,2000,2001\na,mid,,2001,2002\na,senior,,2002,\n"
    "b,junior,,2000,2001\nb,mid,,2001,2003\nb,lead,,2003,\n"
    "c,junior,,2000,2001\nc,mid,,2001,2002\nc,mid,Engineer,2002,2004\nc,senior,,2004,2006\n"
    "d,mid,,2000,2001\nd,junior,,2001,2002\nd,mid,,2002,\n";

Population Load() {
  static const Framework fw = testing::Small();
  Result<CareerBatch> b = ParseCareerBatch(kCareers, "t.csv", CareerFormat::kCsv, fw);
  EXPECT_TRUE(b) << b.error().message();
  return std::move(b->population);
}

std::vector<std::string> Rows(const std::vector<PathCount>& paths) {
  std::vector<std::string> out;
  for (const PathCount& p : paths) {
    std::string s;
    for (const std::string& st : p.states) s += (s.empty() ? "" : ">") + st;
    out.push_back(s + " " + std::to_string(p.people) + "/" + std::to_string(p.occurrences) + " " +
                  std::to_string(p.share).substr(0, 4));
  }
  return out;
}

TEST(PathsTest, CountsSubPathsAndWholeCareersByHand) {
  PathOptions o;
  o.min_support = 1;
  o.max_length = 3;
  Result<PathTable> t = ComputePaths(Load(), testing::Small(), o);
  ASSERT_TRUE(t) << t.error().message();
  EXPECT_EQ(t->people, 4);
  EXPECT_EQ(Rows(t->sub_paths), (std::vector<std::string>{
                                    "junior>mid 4/4 1.00",
                                    "junior>mid>senior 2/2 0.50",
                                    "mid>senior 2/2 0.50",
                                    "junior>mid>lead 1/1 0.25",
                                    "mid>junior 1/1 0.25",
                                    "mid>junior>mid 1/1 0.25",
                                    "mid>lead 1/1 0.25",
                                }));
  EXPECT_EQ(Rows(t->whole_careers), (std::vector<std::string>{
                                        "junior>mid>senior 2/2 0.50",
                                        "junior>mid>lead 1/1 0.25",
                                        "mid>junior>mid 1/1 0.25",
                                    }));
}

TEST(PathsTest, AppliesSupportEndsAndTop) {
  PathOptions o;
  o.max_length = 3;
  Result<PathTable> t = ComputePaths(Load(), testing::Small(), o);  // min_support 2
  ASSERT_TRUE(t);
  EXPECT_EQ(Rows(t->sub_paths).size(), 3u);
  EXPECT_EQ(Rows(t->whole_careers), (std::vector<std::string>{"junior>mid>senior 2/2 0.50"}));
  o.min_support = 1;
  o.from = "mid";
  o.to = "senior";
  t = ComputePaths(Load(), testing::Small(), o);
  EXPECT_EQ(Rows(t->sub_paths), (std::vector<std::string>{"mid>senior 2/2 0.50"}));
  EXPECT_TRUE(t->whole_careers.empty());
  o.from.clear();
  o.to.clear();
  o.top = 2;
  EXPECT_EQ(ComputePaths(Load(), testing::Small(), o)->sub_paths.size(), 2u);
}

TEST(PathsTest, RejectsUnknownRolesAndBadLengths) {
  PathOptions o;
  o.from = "boss";
  EXPECT_EQ(ComputePaths(Load(), testing::Small(), o).error().message(),
            "--from 'boss': not a role or destination of framework 'small' 1");
  o.from.clear();
  o.min_length = 5;
  o.max_length = 3;
  EXPECT_FALSE(ComputePaths(Load(), testing::Small(), o));
}

}  // namespace
}  // namespace careergraph
