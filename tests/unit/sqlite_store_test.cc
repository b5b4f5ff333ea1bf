#include "careergraph/store/sqlite_store.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "careergraph/io/careers.h"
#include "test_util.h"

namespace careergraph {
namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cg_store_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "t.db").string();
    Result<std::unique_ptr<Store>> s = OpenSqliteStore(path_, OpenMode::kCreate);
    ASSERT_TRUE(s) << s.error().message();
    store_ = std::move(*s);
    fw_ = testing::Small();
    ASSERT_TRUE(store_->SaveFramework(fw_, testing::kSmallFramework).ok());
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  CareerSet Careers(std::string_view csv) {
    Result<CareerSet> r = ParseCareers(csv, "c.csv", CareerFormat::kCsv, fw_);
    EXPECT_TRUE(r) << r.error().message();
    return r ? std::move(*r) : CareerSet();
  }

  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
  Framework fw_;
};

constexpr const char* kCsv =
    "person_id,role,title,start,end,site\n"
    "p1,junior,Jr. Engineer,2000-01,2002-06,Leeds\n"
    "p1,mid,,2002-06,,Leeds\n"
    "p2,senior,,1999,2003-02-28,\n"
    "p2,left-it,,2003-02-28,,\n";

TEST_F(SqliteStoreTest, RefusesToOpenAMissingFileUnlessCreating) {
  Result<std::unique_ptr<Store>> s = OpenSqliteStore((dir_ / "nope.db").string(), OpenMode::kMustExist);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code(), StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "nope.db"));
}

TEST_F(SqliteStoreTest, RefusesAFileThatIsNotAStore) {
  const std::string junk = (dir_ / "junk.db").string();
  FILE* f = std::fopen(junk.c_str(), "w");
  std::fputs("this is not a database, just text that is long enough to be a header\n", f);
  std::fclose(f);
  Result<std::unique_ptr<Store>> s = OpenSqliteStore(junk, OpenMode::kMustExist);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message().find("not a careergraph store"), std::string::npos) << s.error().message();
}

TEST_F(SqliteStoreTest, ImportsLoadsAndExportsTheSameCareers) {
  ASSERT_TRUE(store_->ImportCareers(Careers(kCsv), ImportMode::kNew).ok());
  Result<CareerSet> out = store_->ExportCareers();
  ASSERT_TRUE(out) << out.error().message();
  EXPECT_EQ(WriteCareersCsv(*out), kCsv);

  Result<Population> pop = store_->LoadPopulation();
  ASSERT_TRUE(pop);
  EXPECT_EQ(pop->people(), 2u);
  EXPECT_EQ(pop->spells(), 4u);
  EXPECT_EQ(pop->spell_begin, (std::vector<uint32_t>{0, 2, 4}));
  EXPECT_EQ(pop->states.Get(pop->state[3]), "left-it");
  EXPECT_EQ(pop->titles.Get(pop->title[0]), "Jr. Engineer");
  EXPECT_EQ(pop->end[1], Population::kOngoing);
  ASSERT_EQ(pop->attribute_names, (std::vector<std::string>{"site"}));
  EXPECT_EQ(pop->attribute_values.Get(pop->attribute[0][0]), "Leeds");
  EXPECT_EQ(pop->attribute[0][1], Interner::kNone);
}

TEST_F(SqliteStoreTest, AnImportWithAKnownPersonChangesNothing) {
  ASSERT_TRUE(store_->ImportCareers(Careers(kCsv), ImportMode::kNew).ok());
  const std::string before = WriteCareersCsv(*store_->ExportCareers());
  // p3 is new, p1 exists: nothing of the batch may land, not even p3.
  Status s = store_->ImportCareers(Careers("person_id,role,title,start,end\np3,mid,,2001,\np1,head,,2010,\n"),
                                   ImportMode::kNew);
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists);
  EXPECT_NE(s.message().find("person 'p1' is already in the store"), std::string::npos) << s.message();
  EXPECT_EQ(WriteCareersCsv(*store_->ExportCareers()), before);
  EXPECT_EQ(store_->Stats()->people, 2u);
}

TEST_F(SqliteStoreTest, ReplaceModeReplacesACareerAndKeepsOthers) {
  ASSERT_TRUE(store_->ImportCareers(Careers(kCsv), ImportMode::kNew).ok());
  ASSERT_TRUE(store_->ImportCareers(Careers("person_id,role,title,start,end\np1,head,,2010,\n"), ImportMode::kReplace).ok());
  Result<Person> p1 = store_->GetPerson("p1");
  ASSERT_TRUE(p1);
  ASSERT_EQ(p1->spells.size(), 1u);
  EXPECT_EQ(p1->spells[0].role, "head");
  EXPECT_TRUE(p1->attributes.empty());
  EXPECT_EQ(store_->GetPerson("p2")->spells.size(), 2u);
}

TEST_F(SqliteStoreTest, SetAttributeReplacesOneAttributeForEveryoneAtOnce) {
  ASSERT_TRUE(store_->ImportCareers(Careers(kCsv), ImportMode::kNew).ok());
  using Values = std::vector<std::pair<std::string, std::string>>;
  ASSERT_TRUE(store_->SetAttribute("cluster", Values{{"p1", "1"}, {"p2", "2"}}).ok());
  EXPECT_EQ(store_->GetPerson("p1")->attributes,
            (Values{{"cluster", "1"}, {"site", "Leeds"}}));
  // A second run replaces the values: p1 keeps none, site is untouched.
  ASSERT_TRUE(store_->SetAttribute("cluster", Values{{"p2", "3"}}).ok());
  EXPECT_EQ(store_->GetPerson("p1")->attributes, (Values{{"site", "Leeds"}}));
  EXPECT_EQ(store_->GetPerson("p2")->attributes, (Values{{"cluster", "3"}}));
  // An unknown person: kNotFound and nothing changed.
  Status s = store_->SetAttribute("cluster", Values{{"p1", "9"}, {"nobody", "9"}});
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_NE(s.message().find("nobody"), std::string::npos);
  EXPECT_EQ(store_->GetPerson("p2")->attributes, (Values{{"cluster", "3"}}));
  EXPECT_EQ(store_->GetPerson("p1")->attributes, (Values{{"site", "Leeds"}}));
  EXPECT_EQ(store_->SetAttribute("", Values{}).code(), StatusCode::kInvalidArgument);
}

TEST_F(SqliteStoreTest, KeepsFrameworkVersionsAndRefusesChangedContentUnderAnOldVersion) {
  Result<StoredFramework> active = store_->GetFramework();
  ASSERT_TRUE(active);
  EXPECT_EQ(active->info.id, "small");
  EXPECT_TRUE(active->info.active);
  EXPECT_EQ(active->text, testing::kSmallFramework);
  // Same version, same text: fine. Same version, other text: refused.
  EXPECT_TRUE(store_->SaveFramework(fw_, testing::kSmallFramework).ok());
  Status s = store_->SaveFramework(fw_, std::string(testing::kSmallFramework) + "\n# edited\n");
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists);
  Framework v2 = fw_;
  v2.version = "2";
  ASSERT_TRUE(store_->SaveFramework(v2, "v2 text").ok());
  EXPECT_EQ(store_->GetFramework()->info.version, "2");
  EXPECT_EQ(store_->GetFramework("small", "1")->text, testing::kSmallFramework);
  EXPECT_EQ(store_->ListFrameworks()->size(), 2u);
}

TEST_F(SqliteStoreTest, AssessmentsNeedKnownPeopleAndAreAtomic) {
  ASSERT_TRUE(store_->ImportCareers(Careers(kCsv), ImportMode::kNew).ok());
  std::vector<Assessment> a = {{"p1", "depth", 3, *ParseDate("2004"), "self"},
                               {"ghost", "depth", 2, *ParseDate("2004"), ""}};
  Status s = store_->ImportAssessments(a);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_NE(s.message().find("'ghost'"), std::string::npos);
  EXPECT_TRUE(store_->GetAssessments()->empty());
  a.pop_back();
  ASSERT_TRUE(store_->ImportAssessments(a).ok());
  Result<std::vector<Assessment>> got = store_->GetAssessments("p1");
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0].source, "self");
}

TEST_F(SqliteStoreTest, CareersAndAssessmentsLandTogetherOrNotAtAll) {
  // p3 comes with this import, so its assessment is fine; ghost's is not, so nothing lands.
  std::vector<Assessment> a = {{"p3", "depth", 3, *ParseDate("2004"), ""},
                               {"ghost", "depth", 2, *ParseDate("2004"), ""}};
  const CareerBatch careers = CareerBatch::FromCareers(Careers("person_id,role,title,start,end\np3,mid,,2001,\n"));
  EXPECT_EQ(store_->Import(careers, a, ImportMode::kNew).code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->Stats()->people, 0u);
  EXPECT_EQ(store_->Stats()->assessments, 0u);
  a.pop_back();
  ASSERT_TRUE(store_->Import(careers, a, ImportMode::kNew).ok());
  EXPECT_EQ(store_->Stats()->people, 1u);
  EXPECT_EQ(store_->GetAssessments("p3")->size(), 1u);
  EXPECT_EQ(*store_->UsedCompetencies(), (std::vector<std::string>{"depth"}));
  EXPECT_EQ(*store_->UsedStates(), (std::vector<std::string>{"mid"}));
}

// Large imports take another journaling path (a rollback journal for the transaction); a
// failure at the very end must still leave the store as it was.
TEST_F(SqliteStoreTest, ABulkImportThatFailsAtTheEndWritesNothing) {
  ASSERT_TRUE(store_->ImportCareers(Careers(kCsv), ImportMode::kNew).ok());
  CareerSet big;
  for (int i = 0; i < 60000; ++i) {
    Person p;
    p.id = "bulk" + std::to_string(i);
    p.spells.push_back({"junior", "", *ParseDate("2000"), *ParseDate("2002")});
    p.spells.push_back({"mid", "Engineer", *ParseDate("2002"), std::nullopt});
    big.people.push_back(std::move(p));
  }
  big.people.back().id = "p2";  // already in the store
  EXPECT_EQ(store_->ImportCareers(big, ImportMode::kNew).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->Stats()->people, 2u);
  EXPECT_EQ(store_->Stats()->spells, 4u);
  big.people.back().id = "bulk-last";
  ASSERT_TRUE(store_->ImportCareers(big, ImportMode::kNew).ok());
  EXPECT_EQ(store_->Stats()->spells, 4u + 120000u);
  store_.reset();
  Result<std::unique_ptr<Store>> again = OpenSqliteStore(path_, OpenMode::kMustExist);
  ASSERT_TRUE(again);
  EXPECT_EQ((*again)->LoadPopulation()->spells(), 4u + 120000u);
}

TEST_F(SqliteStoreTest, MigratesANewFileToTheCurrentSchema) {
  EXPECT_EQ(store_->Stats()->schema_version, kSqliteSchemaVersion);
  store_.reset();
  // Reopening an existing, current store is a no-op.
  Result<std::unique_ptr<Store>> again = OpenSqliteStore(path_, OpenMode::kMustExist);
  ASSERT_TRUE(again) << again.error().message();
  EXPECT_EQ((*again)->GetFramework()->info.id, "small");
}

}  // namespace
}  // namespace careergraph
