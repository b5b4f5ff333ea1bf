#include "careergraph/io/careers.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace careergraph {
namespace {

using testing::Small;

Result<CareerSet> Csv(std::string_view text, const TitleMap& extra = {}) {
  static const Framework fw = Small();
  return ParseCareers(text, "c.csv", CareerFormat::kCsv, fw, extra);
}

Result<CareerSet> Json(std::string_view text) {
  static const Framework fw = Small();
  return ParseCareers(text, "c.json", CareerFormat::kJson, fw);
}

std::string ErrorsOf(const Result<CareerSet>& r) { return r ? "(no error)" : r.error().message(); }

TEST(CareersCsvTest, ReadsPeopleSpellsTitlesAndAttributes) {
  Result<CareerSet> r = Csv(
      "person_id,role,title,start,end,site\n"
      "7,mid,Engineer,2004-03,2006-01,Leeds\n"
      "7,,Team Lead,2006-01,,Leeds\n"
      "8,junior,,2005,2005-06-15,\n"
      "8,left-it,,2005-06-15,,\n");
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_EQ(r->people.size(), 2u);
  const Person& p7 = r->people[0];
  EXPECT_EQ(p7.id, "7");
  ASSERT_EQ(p7.attributes.size(), 1u);
  EXPECT_EQ(p7.attributes[0], (std::pair<std::string, std::string>{"site", "Leeds"}));
  ASSERT_EQ(p7.spells.size(), 2u);
  EXPECT_EQ(p7.spells[1].role, "lead");  // resolved from the title
  EXPECT_EQ(p7.spells[1].title, "Team Lead");
  EXPECT_FALSE(p7.spells[1].end.has_value());
  EXPECT_TRUE(r->people[1].attributes.empty());
  EXPECT_EQ(r->people[1].spells[1].role, "left-it");
  EXPECT_EQ(r->first_line, (std::vector<size_t>{2, 4}));
}

TEST(CareersCsvTest, SortsSpellsByStartWhateverTheRowOrder) {
  Result<CareerSet> r = Csv("person_id,role,title,start,end\n1,senior,,2010,\n1,junior,,2000,2005\n1,mid,,2005,2010\n");
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_EQ(r->people[0].spells.size(), 3u);
  EXPECT_EQ(r->people[0].spells[0].role, "junior");
  EXPECT_EQ(r->people[0].spells[2].role, "senior");
}

TEST(CareersCsvTest, ReportsEveryErrorWithLineAndField) {
  const std::string e = ErrorsOf(Csv(
      "person_id,role,title,start,end\n"
      "1,opps,,2004,\n"                 // 2: unknown role
      "2,mid,,2004-13,\n"               // 3: bad date
      "3,mid,,2004-03,2003-01\n"        // 4: end before start
      "4,mid,,2000,2005\n"              // 5
      "4,senior,,2004,\n"               // 6: overlaps line 5
      "5,,,2004,\n"                     // 7: role and title empty
      "6,,Enginer,2004,\n"              // 8: unresolved title
      "7,,enginer,2005,\n"              // 9: same title, other line
      "8,mid,,2004\n"));                // 10: wrong field count
  EXPECT_NE(e.find("c.csv:2: field 'role': unknown role 'opps' in framework 'small' 1"), std::string::npos) << e;
  EXPECT_NE(e.find("c.csv:3: field 'start': '2004-13' is not a date (the month must be 01 to 12)"), std::string::npos) << e;
  EXPECT_NE(e.find("c.csv:4: field 'end': 2003-01 is before the start 2004-03"), std::string::npos) << e;
  EXPECT_NE(e.find("c.csv:6: field 'start': person '4' starts a spell on 2004 before the spell on line 5"), std::string::npos) << e;
  EXPECT_NE(e.find("c.csv:7: field 'role': role and title are both empty"), std::string::npos) << e;
  EXPECT_NE(e.find("c.csv:8: field 'title': title 'Enginer' (lines 8, 9) matches no alias of any role; nearest aliases: 'Engineer' (mid)"), std::string::npos) << e;
  EXPECT_NE(e.find("c.csv:10: has 4 fields; the header has 5 columns"), std::string::npos) << e;
}

TEST(CareersCsvTest, SuggestsTheNearestRole) {
  EXPECT_NE(ErrorsOf(Csv("person_id,role,title,start,end\n1,seniro,,2004,\n")).find("did you mean 'senior'?"),
            std::string::npos);
}

TEST(CareersCsvTest, RejectsAnOpenSpellFollowedByAnother) {
  const std::string e = ErrorsOf(Csv("person_id,role,title,start,end\n1,junior,,2000,\n1,mid,,2004,\n"));
  EXPECT_NE(e.find("c.csv:3: field 'start': person '1' starts a spell on 2004 while the spell on line 2 (junior from 2000) is still open"),
            std::string::npos) << e;
}

TEST(CareersCsvTest, RejectsAnAttributeThatChangesWithinAPerson) {
  const std::string e = ErrorsOf(Csv("person_id,role,title,start,end,site\n1,junior,,2000,2001,Leeds\n1,mid,,2001,,York\n"));
  EXPECT_NE(e.find("c.csv:3: field 'site': person '1' has 'York' here but 'Leeds' on line 2"), std::string::npos) << e;
}

TEST(CareersCsvTest, RejectsHeadersWithoutCoreColumnsOrWithDuplicates) {
  EXPECT_NE(ErrorsOf(Csv("person_id,role,start,end\n")).find("c.csv:1: the header has no 'title' column"), std::string::npos);
  EXPECT_NE(ErrorsOf(Csv("person_id,role,title,start,end,role\n")).find("column 'role' appears twice in the header (columns 2 and 6)"),
            std::string::npos);
  EXPECT_NE(ErrorsOf(Csv("")).find("c.csv:1: the file is empty"), std::string::npos);
}

TEST(CareersCsvTest, RejectsBadUtf8) {
  EXPECT_NE(ErrorsOf(Csv("person_id,role,title,start,end\n1,mid,Eng\xFF,2004,\n")).find("c.csv:2: field 'title': is not valid UTF-8"),
            std::string::npos);
}

TEST(CareersCsvTest, UsesTheExtraTitleMapBeforeAliases) {
  TitleMap extra{{"code monkey", "junior"}};
  Result<CareerSet> r = Csv("person_id,role,title,start,end\n1,,Code Monkey,2004,\n", extra);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->people[0].spells[0].role, "junior");
}

TEST(CareersJsonTest, ReadsTheSameCareersAsCsv) {
  Result<CareerSet> j = Json(R"([
  {"person_id": "7", "attributes": {"site": "Leeds"}, "spells": [
    {"role": "mid", "title": "Engineer", "start": "2004-03", "end": "2006-01"},
    {"title": "Team Lead", "start": "2006-01", "end": null}]}
])");
  ASSERT_TRUE(j) << j.error().message();
  Result<CareerSet> c = Csv("person_id,role,title,start,end,site\n7,mid,Engineer,2004-03,2006-01,Leeds\n7,,Team Lead,2006-01,,Leeds\n");
  ASSERT_TRUE(c);
  EXPECT_EQ(WriteCareersCsv(*j), WriteCareersCsv(*c));
}

TEST(CareersJsonTest, ReportsTheLineOfTheBadSpell) {
  const std::string e = ErrorsOf(Json(R"([
  {"attributes": {"site": "x"}, "person_id": "1", "spells": [
    {"role": "mid", "start": "2004"},
    {"role": "senior", "start": "2004-02-30"}
  ]}
])"));
  EXPECT_NE(e.find("c.json:4: field 'start': '2004-02-30' is not a date"), std::string::npos) << e;
}

TEST(CareersJsonTest, ReportsSyntaxErrorsWithTheirLine) {
  const std::string e = ErrorsOf(Json("[\n  {\"person_id\": \"1\",\n   \"spells\": [}\n]"));
  EXPECT_NE(e.find("c.json:3:15: JSON syntax error while parsing value - unexpected '}'"), std::string::npos) << e;
}

TEST(CareersWriterTest, CsvRoundTripsByteForByte) {
  const std::string csv =
      "person_id,role,title,start,end,site,team\n"
      "a,junior,\"Jr, Engineer\",2000-01-05,2001,Leeds,\n"
      "a,mid,,2001,,Leeds,\n"
      "b,senior,\"Says \"\"hi\"\"\",1999-12,2004-02-29,,Blue\n"
      "b,left-it,,2004-02-29,,,Blue\n";
  Result<CareerSet> r = Csv(csv);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(WriteCareersCsv(*r), csv);
  const std::string json = WriteCareersJson(*r);
  Result<CareerSet> back = Json(json);
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(WriteCareersJson(*back), json);
  EXPECT_EQ(WriteCareersCsv(*back), csv);
}

TEST(AssessmentsTest, ValidatesCompetencyScaleAndDate) {
  static const Framework fw = Small();
  Result<std::vector<Assessment>> ok = ParseAssessments(
      "person_id,competency,level,date,source\n7,depth,3.5,2005-01,manager\n", "a.csv", fw);
  ASSERT_TRUE(ok) << ok.error().message();
  EXPECT_DOUBLE_EQ((*ok)[0].level, 3.5);
  Result<std::vector<Assessment>> bad = ParseAssessments(
      "person_id,competency,level,date\n7,breadth,3,2005\n7,depth,6,2005\n7,depth,x,2005\n7,depth,2,05\n", "a.csv", fw);
  ASSERT_FALSE(bad);
  const std::string& e = bad.error().message();
  EXPECT_NE(e.find("a.csv:2: field 'competency': unknown competency 'breadth'"), std::string::npos) << e;
  EXPECT_NE(e.find("a.csv:3: field 'level': 6 is outside the scale [1, 5] of 'depth'"), std::string::npos) << e;
  EXPECT_NE(e.find("a.csv:4: field 'level': 'x' is not a number"), std::string::npos) << e;
  EXPECT_NE(e.find("a.csv:5: field 'date': '05' is not a date"), std::string::npos) << e;
}

}  // namespace
}  // namespace careergraph

namespace careergraph {
namespace {

// Found by fuzz_careers_json: deep nesting overflowed the stack.
TEST(CareersJsonTest, DeepNestingIsAnErrorNotACrash) {
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  EXPECT_FALSE(Json(deep));
  std::string objects = "[{\"person_id\": \"1\", \"x\": ";
  for (int i = 0; i < 100000; ++i) objects += "{\"a\": ";
  objects += "1" + std::string(100000, '}') + "}]";
  Result<CareerSet> r = Json(objects);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("field 'x': unknown field of a person"), std::string::npos);
}

TEST(CareersJsonTest, RejectsRepeatedKeys) {
  const std::string e = ErrorsOf(Json("[{\"person_id\": \"1\",\n \"spells\": [],\n \"spells\": []}]"));
  EXPECT_NE(e.find("c.json:3: field 'spells': the key appears twice in one object (first on line 2)"),
            std::string::npos) << e;
}

}  // namespace
}  // namespace careergraph

namespace careergraph {
namespace {

TEST(CareersCsvTest, GroupsInterleavedPeopleAndKeepsLinesForOverlaps) {
  Result<CareerSet> r = Csv(
      "person_id,role,title,start,end\n"
      "b,mid,,2005,\n"
      "a,senior,,2010,\n"
      "b,junior,,2000,2005\n"
      "a,junior,,2001,2010\n");
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_EQ(r->people.size(), 2u);
  EXPECT_EQ(r->people[0].id, "b");  // order of first appearance
  EXPECT_EQ(r->people[0].spells[0].role, "junior");
  EXPECT_EQ(r->people[0].spells[1].role, "mid");
  EXPECT_EQ(r->people[1].spells[0].role, "junior");
  EXPECT_EQ(r->first_line, (std::vector<size_t>{2, 3}));
  const std::string e = ErrorsOf(Csv(
      "person_id,role,title,start,end\n"
      "b,mid,,2004,\n"
      "a,senior,,2010,\n"
      "b,junior,,2000,2005\n"));
  EXPECT_NE(e.find("c.csv:2: field 'start': person 'b' starts a spell on 2004 before the spell on line 4 (junior 2000 to 2005) ends"),
            std::string::npos) << e;
}

}  // namespace
}  // namespace careergraph
