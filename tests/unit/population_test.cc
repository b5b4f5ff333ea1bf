#include "careergraph/model/population.h"

#include <gtest/gtest.h>

#include "careergraph/io/careers.h"
#include "test_util.h"

namespace careergraph {
namespace {

constexpr const char* kCareers =
    "person_id,role,title,start,end,site\n"
    "a,junior,,2000,2002,X\n"
    "a,mid,Engineer,2002,,X\n"
    "b,mid,,2001,2003,\n"
    "b,left-it,,2003,,\n"
    "c,senior,,2002-03-04,2006-05-06,Y\n";

Population Load() {
  static const Framework fw = testing::Small();
  Result<CareerBatch> b = ParseCareerBatch(kCareers, "p.csv", CareerFormat::kCsv, fw);
  EXPECT_TRUE(b) << b.error().message();
  return b ? std::move(b->population) : Population();
}

TEST(PopulationTest, SelectPeopleKeepsTheChosenPeopleWithTheirSpellsAndAttributes) {
  const Population pop = Load();
  const Population sub = SelectPeople(pop, {1, 0, 1});
  EXPECT_EQ(sub.person_ids, (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(sub.spell_begin, (std::vector<uint32_t>{0, 2, 3}));
  ASSERT_EQ(sub.spells(), 3u);
  EXPECT_EQ(sub.attribute_names, (std::vector<std::string>{"site"}));
  const Person a = sub.PersonAt(0), c = sub.PersonAt(1);
  ASSERT_EQ(a.spells.size(), 2u);
  EXPECT_EQ(a.spells[0].role, "junior");
  EXPECT_EQ(a.spells[0].start.ToString(), "2000");
  EXPECT_EQ(a.spells[0].end->ToString(), "2002");
  EXPECT_EQ(a.spells[1].role, "mid");
  EXPECT_EQ(a.spells[1].title, "Engineer");
  EXPECT_FALSE(a.spells[1].end);
  EXPECT_EQ(a.attributes, (std::vector<std::pair<std::string, std::string>>{{"site", "X"}}));
  ASSERT_EQ(c.spells.size(), 1u);
  EXPECT_EQ(c.spells[0].role, "senior");
  EXPECT_EQ(c.spells[0].start.ToString(), "2002-03-04");  // the day precision survives
  EXPECT_EQ(c.spells[0].end->ToString(), "2006-05-06");
  EXPECT_EQ(c.attributes, (std::vector<std::pair<std::string, std::string>>{{"site", "Y"}}));
}

TEST(PopulationTest, SelectPeopleKeepsAbsentAttributesAbsentAndCanSelectNobody) {
  const Population pop = Load();
  const Population b = SelectPeople(pop, {0, 1, 0});
  EXPECT_EQ(b.person_ids, (std::vector<std::string>{"b"}));
  EXPECT_TRUE(b.PersonAt(0).attributes.empty());
  EXPECT_EQ(b.PersonAt(0).spells[1].role, "left-it");
  const Population none = SelectPeople(pop, {0, 0, 0});
  EXPECT_EQ(none.people(), 0u);
  EXPECT_EQ(none.spells(), 0u);
  EXPECT_EQ(none.spell_begin, (std::vector<uint32_t>{0}));
}

}  // namespace
}  // namespace careergraph
