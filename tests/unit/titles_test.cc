#include "careergraph/analysis/titles.h"

#include <gtest/gtest.h>

#include "careergraph/io/careers.h"
#include "test_util.h"

namespace careergraph {
namespace {

// Framework: test_util's Small (aliases: junior "Junior Engineer"/"Jr. Engineer", mid
// "Engineer", senior "Senior Engineer", lead "Team Lead"). Worked out by hand below.
constexpr const char* kCareers =
    "person_id,role,title,start,end\n"
    "a,lead,Engineer,2000,2002\n"         // lead titled as mid's alias
    "a,lead,engineer,2002,2004\n"         // the same title, other case: one title, same person
    "b,lead,Team Lead,2001,\n"
    "c,lead,Engineer,2003,\n"
    "d,mid,Engineer,2001,\n"
    "e,mid,,2002,2003\n"                  // no title
    "e,left-it,,2003,\n";                 // destinations are not counted

Population Load() {
  static const Framework fw = testing::Small();
  Result<CareerBatch> b = ParseCareerBatch(kCareers, "t.csv", CareerFormat::kCsv, fw);
  EXPECT_TRUE(b) << b.error().message();
  return std::move(b->population);
}

TEST(TitlesTest, CountsTitlesPerRoleWithSharesByHand) {
  Result<TitleTable> t = ComputeTitles(Load(), testing::Small());
  ASSERT_TRUE(t) << t.error().message();
  ASSERT_EQ(t->rows.size(), 4u);
  // mid (tech, level 2) comes before lead (mgmt): framework order.
  const TitleRoleCount& mid_engineer = t->rows[0];
  EXPECT_EQ(mid_engineer.role, "mid");
  EXPECT_EQ(mid_engineer.title, "Engineer");
  EXPECT_EQ(mid_engineer.alias_of, "mid");
  EXPECT_EQ(mid_engineer.spells, 1);
  EXPECT_DOUBLE_EQ(mid_engineer.share_of_role, 0.5);   // of mid's 2 spells
  EXPECT_DOUBLE_EQ(mid_engineer.share_of_title, 0.25);  // of 4 spells titled Engineer
  EXPECT_EQ(t->rows[1].role, "mid");
  EXPECT_EQ(t->rows[1].title, "");
  EXPECT_DOUBLE_EQ(t->rows[1].share_of_title, 0);
  const TitleRoleCount& lead_engineer = t->rows[2];
  EXPECT_EQ(lead_engineer.role, "lead");
  EXPECT_EQ(lead_engineer.title, "Engineer");
  EXPECT_EQ(lead_engineer.alias_of, "mid");  // people doing lead under mid's title
  EXPECT_EQ(lead_engineer.spells, 3);
  EXPECT_EQ(lead_engineer.people, 2);
  EXPECT_DOUBLE_EQ(lead_engineer.share_of_role, 0.75);
  EXPECT_DOUBLE_EQ(lead_engineer.share_of_title, 0.75);
  EXPECT_EQ(t->rows[3].title, "Team Lead");
  EXPECT_EQ(t->rows[3].alias_of, "lead");
}

TEST(TitlesTest, FiltersByRoleOrByTitle) {
  TitleOptions by_title;
  by_title.title = "ENGINEER";
  Result<TitleTable> t = ComputeTitles(Load(), testing::Small(), by_title);
  ASSERT_TRUE(t);
  ASSERT_EQ(t->rows.size(), 2u);  // the roles its carriers do: mid and lead
  EXPECT_EQ(t->rows[0].role, "mid");
  EXPECT_EQ(t->rows[1].role, "lead");
  TitleOptions by_role;
  by_role.role = "lead";
  EXPECT_EQ(ComputeTitles(Load(), testing::Small(), by_role)->rows.size(), 2u);
}

TEST(TitlesTest, RejectsUnknownRolesAndTitles) {
  TitleOptions o;
  o.role = "boss";
  Result<TitleTable> t = ComputeTitles(Load(), testing::Small(), o);
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message().find("--role 'boss': not a role of framework 'small' 1"), std::string::npos);
  o.role.clear();
  o.title = "Chief";
  EXPECT_EQ(ComputeTitles(Load(), testing::Small(), o).error().message(),
            "--title 'Chief': no spell carries this title");
}

}  // namespace
}  // namespace careergraph
