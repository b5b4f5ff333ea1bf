#include "careergraph/sim/simulator.h"

#include <cmath>
#include <map>

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

// The last day of the default window (observation ends in January 2025): every open spell is current.
const int32_t kEndOfWindow = DaysFromCivil(2025, 1, 1) - 1;

std::string AssessmentsCsv(const std::vector<Assessment>& a) { return WriteAssessmentsCsv(a); }

TEST(SimulateAssessmentsTest, PersonIDependsOnlyOnSeedAndI) {
  const MobilityModel model = Model();
  SimulationOptions o;
  o.people = 300;
  o.seed = 7;
  const CareerSet small = *Simulate(Infrastructure(), model, o);
  o.people = 600;
  const CareerSet large = *Simulate(Infrastructure(), model, o);
  const std::vector<Assessment> a = SimulateAssessments(Infrastructure(), small, 7, kEndOfWindow);
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(AssessmentsCsv(SimulateAssessments(Infrastructure(), small, 7, kEndOfWindow)), AssessmentsCsv(a));
  // The first 300 people of the larger run are the same people with the same assessments.
  std::vector<Assessment> b = SimulateAssessments(Infrastructure(), large, 7, kEndOfWindow);
  ASSERT_GT(b.size(), a.size());
  b.resize(a.size());
  EXPECT_EQ(AssessmentsCsv(b), AssessmentsCsv(a));
  EXPECT_NE(AssessmentsCsv(SimulateAssessments(Infrastructure(), small, 8, kEndOfWindow)), AssessmentsCsv(a));
  // Adding assessments does not change the careers: Simulate's stream is untouched.
  o.people = 300;
  EXPECT_EQ(WriteCareersCsv(*Simulate(Infrastructure(), model, o)), WriteCareersCsv(small));
}

// Every holder on as_of, and only they, gets one assessment per competency in framework order,
// an integer level within the scale, dated in the year up to as_of and not before the spell.
void CheckAssessments(const CareerSet& careers, const std::vector<Assessment>& a, int32_t as_of) {
  const Framework& fw = Infrastructure();
  size_t k = 0, holders = 0;
  for (const Person& p : careers.people) {
    const Spell* current = nullptr;
    for (const Spell& s : p.spells) {
      if (s.start.days <= as_of && (!s.end || as_of < s.end->days)) current = &s;
    }
    if (!current || !fw.FindRole(current->role)) continue;
    ++holders;
    for (const Competency& c : fw.competencies) {
      ASSERT_LT(k, a.size());
      const Assessment& x = a[k++];
      EXPECT_EQ(x.person_id, p.id);
      EXPECT_EQ(x.competency, c.id);
      EXPECT_EQ(x.level, std::round(x.level));
      EXPECT_GE(x.level, c.scale_min);
      EXPECT_LE(x.level, c.scale_max);
      EXPECT_LE(x.date.days, as_of);
      EXPECT_GT(x.date.days, as_of - 365);
      EXPECT_GE(x.date.days, current->start.days);
      EXPECT_EQ(x.date.precision, DatePrecision::kDay);
      EXPECT_EQ(x.source, "simulated");
    }
  }
  EXPECT_EQ(k, a.size());
  EXPECT_GT(holders, careers.people.size() / 10);
}

TEST(SimulateAssessmentsTest, OnlyHoldersOnAsOfWithinTheScaleAndTheYearBefore) {
  SimulationOptions o;
  o.people = 1000;
  const CareerSet careers = *Simulate(Infrastructure(), Model(), o);
  CheckAssessments(careers, SimulateAssessments(Infrastructure(), careers, 1, kEndOfWindow), kEndOfWindow);
  const int32_t mid = DaysFromCivil(2012, 6, 30);
  const std::vector<Assessment> then = SimulateAssessments(Infrastructure(), careers, 1, mid);
  CheckAssessments(careers, then, mid);
  // The result round-trips through the assessments CSV the import reads.
  Result<std::vector<Assessment>> back =
      ParseAssessments(WriteAssessmentsCsv(then), "a.csv", Infrastructure(), nullptr);
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(back->size(), then.size());
}

TEST(SimulateAssessmentsTest, HoldersMeetTheirOwnRequirementsAsTheModelSays) {
  // Level = round(required + aptitude + noise) meets the requirement when aptitude + noise ≥ −0.5:
  // Φ(0.5 / √(0.7² + 0.5²)) = 0.719 for requirements strictly inside the scale (at the top
  // clamping does not matter either; at the bottom every level meets it).
  SimulationOptions o;
  o.people = 3000;
  const CareerSet careers = *Simulate(Infrastructure(), Model(), o);
  const std::vector<Assessment> a = SimulateAssessments(Infrastructure(), careers, 3, kEndOfWindow);
  std::map<std::string, const Person*> by_id;
  for (const Person& p : careers.people) by_id[p.id] = &p;
  int n = 0, met = 0;
  for (const Assessment& x : a) {
    const Role* role = Infrastructure().FindRole(by_id.at(x.person_id)->spells.back().role);
    const Competency* c = Infrastructure().FindCompetency(x.competency);
    for (const Requirement& r : role->requirements) {
      if (r.competency != x.competency || r.level <= c->scale_min) continue;
      ++n;
      met += x.level >= r.level;
    }
  }
  ASSERT_GT(n, 2000);
  EXPECT_NEAR(static_cast<double>(met) / n, 0.719, 0.03);
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
