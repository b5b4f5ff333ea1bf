#include "careergraph/report/report.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "careergraph/io/careers.h"
#include "careergraph/sim/simulator.h"
#include "test_util.h"

namespace careergraph {
namespace {

// The report on a simulated population of the seed's framework: every section present, every
// claim evaluated, the HTML self-contained.
class ReportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const Framework& fw = testing::Infrastructure();
    Result<MobilityModel> model = LoadMobilityModelFile(testing::SourcePath("frameworks/infrastructure.mobility.toml"), fw);
    ASSERT_TRUE(model) << model.error().message();
    SimulationOptions sim;
    sim.people = 800;
    sim.seed = 5;
    Result<CareerSet> careers = Simulate(fw, *model, sim);
    ASSERT_TRUE(careers);
    pop_ = new Population(Population::FromCareers(*careers));
    Result<ReportData> r = BuildReport(*pop_, fw);
    ASSERT_TRUE(r) << r.error().message();
    report_ = new ReportData(std::move(*r));
  }
  static void TearDownTestSuite() {
    delete report_;
    delete pop_;
  }
  static Population* pop_;
  static ReportData* report_;
};
Population* ReportTest::pop_ = nullptr;
ReportData* ReportTest::report_ = nullptr;

TEST_F(ReportTest, HoldsEveryAnalysisOfTheSamePopulation) {
  const ReportData& r = *report_;
  EXPECT_EQ(r.people, 800);
  EXPECT_EQ(r.spells, static_cast<int64_t>(pop_->spells()));
  EXPECT_EQ(r.as_of, LatestDate(*pop_));
  // The same moves, however they are counted.
  EXPECT_EQ(r.role_moves.total, r.track_moves.total);
  EXPECT_EQ(r.flows.total, r.role_moves.total);
  EXPECT_EQ(r.role_moves.by_kind[static_cast<size_t>(MoveKind::kEntry)], 800);
  EXPECT_GT(r.tenure.survival.n, 0);
  ASSERT_TRUE(r.discovery.has_value()) << r.discovery_note;
  ASSERT_EQ(r.claims.size(), testing::Infrastructure().claims.size());
  for (size_t i = 0; i < r.claims.size(); ++i) EXPECT_EQ(r.claims[i].id, testing::Infrastructure().claims[i].id);
}

TEST_F(ReportTest, TextHasEverySectionAndEveryClaim) {
  const std::string text = ReportText(*report_);
  for (const char* heading : {"The seed's questions", "Tracks\n", "Population", "Most common moves between roles",
                              "Flows between tracks", "Time in role", "Frequent paths", "Titles against roles",
                              "Tracks the data supports"}) {
    EXPECT_NE(text.find(heading), std::string::npos) << heading;
  }
  for (const ClaimResult& c : report_->claims) {
    EXPECT_NE(text.find(fmt::format("[{}] {}", VerdictName(c.verdict), c.statement)), std::string::npos) << c.id;
  }
}

TEST_F(ReportTest, HtmlIsOneSelfContainedFile) {
  const std::string html = ReportHtml(*report_);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<meta name=\"viewport\""), std::string::npos);  // phones
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  // Three pictures inline: the Sankey, the survival curve, the cumulative incidence.
  size_t svgs = 0;
  for (size_t at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1)) ++svgs;
  EXPECT_EQ(svgs, 3u);
  EXPECT_EQ(html.find("<?xml"), std::string::npos);  // inline SVG has no XML declaration
  for (const ClaimResult& c : report_->claims) {
    EXPECT_NE(html.find("id=\"claim-" + c.id + "\""), std::string::npos) << c.id;
  }
}

TEST(ReportBadInputTest, EmptyPopulationIsAnError) {
  Result<ReportData> r = BuildReport(Population(), testing::Infrastructure());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.error().message().find("empty"), std::string::npos);
}

}  // namespace
}  // namespace careergraph
