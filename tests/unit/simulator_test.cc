#include "careergraph/sim/simulator.h"

#include <gtest/gtest.h>

#include "careergraph/io/careers.h"
#include "test_util.h"

namespace careergraph {
namespace {

using testing::Infrastructure;
using testing::SourcePath;

MobilityModel Model() {
  Result<MobilityModel> m =
      LoadMobilityModelFile(SourcePath("frameworks/infrastructure.mobility.toml"), Infrastructure());
  EXPECT_TRUE(m) << (m ? "" : m.error().message());
  return m ? std::move(*m) : MobilityModel();
}

TEST(SimulatorTest, SameSeedSameCareersAndLargerRunsExtendSmallerOnes) {
  const MobilityModel model = Model();
  SimulationOptions o;
  o.people = 200;
  o.seed = 7;
  const std::string a = WriteCareersCsv(*Simulate(Infrastructure(), model, o));
  const std::string b = WriteCareersCsv(*Simulate(Infrastructure(), model, o));
  EXPECT_EQ(a, b);
  o.people = 400;
  const std::string c = WriteCareersCsv(*Simulate(Infrastructure(), model, o));
  EXPECT_EQ(c.substr(0, a.size()), a);
  o.seed = 8;
  o.people = 200;
  EXPECT_NE(WriteCareersCsv(*Simulate(Infrastructure(), model, o)), a);
}

TEST(SimulatorTest, WritesCareersThatImportBackCleanly) {
  SimulationOptions o;
  o.people = 2000;
  Result<CareerSet> sim = Simulate(Infrastructure(), Model(), o);
  ASSERT_TRUE(sim);
  const std::string csv = WriteCareersCsv(*sim);
  Result<CareerSet> back = ParseCareers(csv, "sim.csv", CareerFormat::kCsv, Infrastructure());
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(WriteCareersCsv(*back), csv);
}

TEST(SimulatorTest, ReproducesTheSeedsTitleObservationAndStayRates) {
  SimulationOptions o;
  o.people = 20000;
  Result<CareerSet> sim = Simulate(Infrastructure(), Model(), o);
  ASSERT_TRUE(sim);
  int architects = 0, titled_it_manager = 0;
  for (const Person& p : sim->people) {
    for (const Spell& s : p.spells) {
      if (s.role != "infrastructure-architect") continue;
      ++architects;
      titled_it_manager += s.title == "IT Manager";
    }
  }
  ASSERT_GT(architects, 200);
  // The model gives 55 % of architects the IT Manager title; allow sampling noise.
  EXPECT_NEAR(static_cast<double>(titled_it_manager) / architects, 0.55, 0.05);
}

TEST(SimulatorTest, RejectsAnEmptyWindow) {
  SimulationOptions o;
  o.start_year = 2010;
  o.end_year = 2010;
  EXPECT_FALSE(Simulate(Infrastructure(), Model(), o));
}

TEST(MobilityModelTest, ReportsUnknownRolesAndBadRates) {
  Result<MobilityModel> m = ParseMobilityModel(R"toml([model]
framework = "infrastructure"
unit = "year"

[entry]
helpdesk = 1

[[role]]
id = "helpdesk"
stay = 1.5
moves = { opps = 1 }
)toml", "m.toml", Infrastructure());
  ASSERT_FALSE(m);
  const std::string& e = m.error().message();
  EXPECT_NE(e.find("m.toml:10:8: role 'helpdesk': stay must be a number with 0 < stay < 1"), std::string::npos) << e;
  EXPECT_NE(e.find("m.toml:11:11: role 'helpdesk' moves: unknown role or destination 'opps'"), std::string::npos) << e;
  EXPECT_NE(e.find("no [[role]] for role 'ops'"), std::string::npos) << e;
}

}  // namespace
}  // namespace careergraph
