#include "careergraph/plan/gaps.h"

#include <gtest/gtest.h>

#include "careergraph/framework/loader.h"
#include "test_util.h"

namespace careergraph {
namespace {

// tests/data/gaps/framework.toml (shared with tests/integration/gaps_cli.sh): competencies
// depth (technical, 1..5), people (non-technical, 1..5), breadth (technical, 0..4), comms
// (non-technical, 1..5); roles junior {depth 2, people 1, breadth 1, comms 2}, senior {comms 3,
// depth 4, breadth 3, people 2} (listed out of framework order), lead {people 4, comms 4,
// depth 3}, free {}; tracks tech (junior, senior) and mgmt (lead, free); destination outside.
// Weights (required − min + 1) for senior: depth 4, people 2, breadth 4, comms 3; Σ = 13.
const Framework& Fw() {
  static const Framework fw = [] {
    Result<Framework> r = LoadFrameworkFile(testing::SourcePath("tests/data/gaps/framework.toml"));
    EXPECT_TRUE(r) << (r ? "" : r.error().message());
    return r ? std::move(*r) : Framework();
  }();
  return fw;
}

Date D(std::string_view text) { return *ParseDate(text); }
int32_t Days(std::string_view text) { return D(text).days; }

Assessment A(std::string person, std::string competency, double level, std::string_view date, std::string source = "") {
  return Assessment{std::move(person), std::move(competency), level, D(date), std::move(source)};
}

// Person a: depth three times (the 2019 one at year precision), people twice on one day, breadth
// once, comms never.
std::vector<Assessment> PersonA() {
  return {A("a", "depth", 3, "2020-01-01", "manager"), A("a", "depth", 5, "2021-06-01", "self"),
          A("a", "depth", 2, "2019", "manager"),       A("a", "people", 1.5, "2020-03-01", "self"),
          A("a", "people", 2.5, "2020-03-01", "manager"), A("a", "breadth", 2, "2020-05-01", "tool")};
}

const CompetencyGap& Row(const GapReport& r, std::string_view competency) {
  for (const CompetencyGap& g : r.competencies) {
    if (g.competency == competency) return g;
  }
  ADD_FAILURE() << "no row " << competency;
  return r.competencies.front();
}

TEST(LatestAssessmentsTest, PicksTheLatestOnOrBeforeAsOfAndTheLastOfASameDateTie) {
  std::vector<Assessment> in = PersonA();
  in.insert(in.begin(), A("b", "comms", 2, "2018-01-01"));  // b appears first
  in.push_back(A("b", "cooking", 5, "2020-01-01"));         // not in the framework: dropped
  in.push_back(A("b", "depth", 1, "2018-02-01"));

  const std::vector<Assessment> all = LatestAssessments(in, Fw());
  // b first (first appearance), then a; competencies in framework order.
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[0].person_id, "b");
  EXPECT_EQ(all[0].competency, "depth");
  EXPECT_EQ(all[1].competency, "comms");
  EXPECT_EQ(all[2].person_id, "a");
  EXPECT_EQ(all[2].competency, "depth");
  EXPECT_EQ(all[2].level, 5);  // 2021-06-01, the latest
  EXPECT_EQ(all[3].competency, "people");
  EXPECT_EQ(all[3].level, 2.5);  // same day as 1.5: the later in input order
  EXPECT_EQ(all[3].source, "manager");
  EXPECT_EQ(all[4].competency, "breadth");

  // As of 2021-01-01 the 2020-01-01 depth counts; the as-of day itself is included.
  std::vector<Assessment> by_2021 = LatestAssessments(in, Fw(), Days("2021-01-01"));
  EXPECT_EQ(by_2021[2].level, 3);
  std::vector<Assessment> on_the_day = LatestAssessments(in, Fw(), Days("2020-03-01"));
  ASSERT_EQ(on_the_day.size(), 4u);  // b: depth, comms; a: depth (2020-01-01), people; breadth is later
  EXPECT_EQ(on_the_day[3].level, 2.5);
  // As of mid-2019, only a's 2019 depth (year precision: 2019-01-01) and b's.
  std::vector<Assessment> by_2019 = LatestAssessments(in, Fw(), Days("2019-06-30"));
  ASSERT_EQ(by_2019.size(), 3u);
  EXPECT_EQ(by_2019[2].level, 2);

  // Reversing the tie reverses the winner.
  std::vector<Assessment> swapped = PersonA();
  std::swap(swapped[3], swapped[4]);
  EXPECT_EQ(LatestAssessments(swapped, Fw())[1].level, 1.5);
}

TEST(ComputeGapsTest, CreditWeightReadinessAndGroupsByHand) {
  Result<GapReport> r = ComputeGaps(Fw(), "senior", "a", PersonA());
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->person, "a");
  EXPECT_EQ(r->role, "senior");
  // Framework order, not the order `requires` lists them in.
  ASSERT_EQ(r->competencies.size(), 4u);
  EXPECT_EQ(r->competencies[0].competency, "depth");
  EXPECT_EQ(r->competencies[1].competency, "people");
  EXPECT_EQ(r->competencies[2].competency, "breadth");
  EXPECT_EQ(r->competencies[3].competency, "comms");

  const CompetencyGap& depth = Row(*r, "depth");  // 5 ≥ 4: met
  EXPECT_EQ(depth.required, 4);
  EXPECT_EQ(*depth.assessed, 5);
  EXPECT_EQ(depth.assessed_on->ToString(), "2021-06-01");
  EXPECT_EQ(depth.source, "self");
  EXPECT_EQ(depth.gap, 0);
  EXPECT_EQ(depth.credit, 1);
  EXPECT_EQ(depth.weight, 4);
  const CompetencyGap& people = Row(*r, "people");  // 2.5 ≥ 2
  EXPECT_EQ(people.credit, 1);
  EXPECT_EQ(people.weight, 2);
  const CompetencyGap& breadth = Row(*r, "breadth");  // scale from 0: (2 − 0) / (3 − 0)
  EXPECT_DOUBLE_EQ(breadth.credit, 2.0 / 3);
  EXPECT_EQ(breadth.gap, 1);
  EXPECT_EQ(breadth.weight, 4);
  const CompetencyGap& comms = Row(*r, "comms");  // not assessed: no credit, the whole way up
  EXPECT_FALSE(comms.assessed);
  EXPECT_FALSE(comms.assessed_on);
  EXPECT_EQ(comms.credit, 0);
  EXPECT_EQ(comms.gap, 2);
  EXPECT_EQ(comms.weight, 3);

  // 100 × (4·1 + 2·1 + 4·2/3 + 3·0) / 13 = 200/3.
  EXPECT_DOUBLE_EQ(r->readiness, 200.0 / 3);
  EXPECT_EQ(r->met, 2);
  EXPECT_EQ(r->unassessed, 1);
  EXPECT_EQ(r->gap, 3);
  ASSERT_EQ(r->groups.size(), 2u);
  const GroupReadiness& tech = r->groups[0];  // depth, breadth: (4 + 8/3) / 8
  EXPECT_EQ(tech.group, "technical");
  EXPECT_EQ(tech.requirements, 2);
  EXPECT_EQ(tech.met, 1);
  EXPECT_EQ(tech.unassessed, 0);
  EXPECT_EQ(tech.gap, 1);
  EXPECT_DOUBLE_EQ(tech.readiness, 250.0 / 3);
  const GroupReadiness& soft = r->groups[1];  // people, comms: 2 / 5
  EXPECT_EQ(soft.group, "non-technical");
  EXPECT_EQ(soft.requirements, 2);
  EXPECT_EQ(soft.met, 1);
  EXPECT_EQ(soft.unassessed, 1);
  EXPECT_EQ(soft.gap, 2);
  EXPECT_DOUBLE_EQ(soft.readiness, 40);
}

TEST(ComputeGapsTest, AsOfChangesWhichAssessmentCounts) {
  // As of 2021-01-01 depth is 3: credit (3 − 1) / (4 − 1) = 2/3, gap 1.
  // 100 × (4·2/3 + 2 + 4·2/3 + 0) / 13 = 2200/39.
  Result<GapReport> r = ComputeGaps(Fw(), "senior", "a", PersonA(), Days("2021-01-01"));
  ASSERT_TRUE(r);
  EXPECT_EQ(*Row(*r, "depth").assessed, 3);
  EXPECT_DOUBLE_EQ(Row(*r, "depth").credit, 2.0 / 3);
  EXPECT_DOUBLE_EQ(r->readiness, 2200.0 / 39);
  EXPECT_DOUBLE_EQ(r->groups[0].readiness, 200.0 / 3);
  EXPECT_EQ(r->gap, 4);
  EXPECT_EQ(r->met, 1);
}

TEST(ComputeGapsTest, UnassessedScoresZeroButARequirementAtTheScaleMinimumIsMet) {
  // Junior for someone never assessed: depth 2 (w 2), people 1 (w 1, at the minimum: met),
  // breadth 1 (w 2), comms 2 (w 2): 100 × 1 / 7; gaps 1 + 0 + 1 + 1.
  std::vector<Assessment> others = PersonA();  // a's assessments are not b's
  Result<GapReport> r = ComputeGaps(Fw(), "junior", "b", others);
  ASSERT_TRUE(r);
  EXPECT_DOUBLE_EQ(r->readiness, 100.0 / 7);
  EXPECT_EQ(r->met, 1);
  EXPECT_EQ(r->unassessed, 4);
  EXPECT_EQ(r->gap, 3);
  const CompetencyGap& people = Row(*r, "people");
  EXPECT_FALSE(people.assessed);
  EXPECT_EQ(people.credit, 1);
  EXPECT_EQ(people.gap, 0);
  EXPECT_EQ(people.weight, 1);
  EXPECT_EQ(Row(*r, "breadth").gap, 1);  // 1 − 0
}

TEST(ComputeGapsTest, AssessedAtTheScaleMinimumGetsNoCredit) {
  // breadth 0 of 3 on a 0..4 scale: credit 0; depth 1 of 4: credit 0.
  Result<GapReport> r = ComputeGaps(Fw(), "senior", "c",
                                    std::vector<Assessment>{A("c", "breadth", 0, "2020"), A("c", "depth", 1, "2020")});
  ASSERT_TRUE(r);
  EXPECT_EQ(Row(*r, "breadth").credit, 0);
  EXPECT_EQ(Row(*r, "breadth").gap, 3);
  EXPECT_EQ(Row(*r, "depth").credit, 0);
  EXPECT_EQ(r->readiness, 0);
  EXPECT_EQ(r->unassessed, 2);
}

TEST(ComputeGapsTest, ARoleWithoutRequirementsIsFullyReady) {
  Result<GapReport> r = ComputeGaps(Fw(), "free", "a", PersonA());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->readiness, 100);
  EXPECT_TRUE(r->competencies.empty());
  EXPECT_TRUE(r->groups.empty());
}

TEST(ComputeGapsTest, UnknownRolesAndDestinationsAreNotFound) {
  Result<GapReport> r = ComputeGaps(Fw(), "nope", "a", PersonA());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.error().message(),
            "--role 'nope': not a role of framework 'g' 1; expected one of 'junior', 'senior', 'lead', 'free'");
  Result<GapReport> d = ComputeGaps(Fw(), "outside", "a", PersonA());
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code(), StatusCode::kNotFound);
  EXPECT_NE(d.error().message().find("--role 'outside': a destination of framework 'g' 1"), std::string::npos)
      << d.error().message();
}

TEST(DiffRolesTest, WhatOneRoleAsksBeyondAnother) {
  // junior → lead: depth 2 → 3 (+1), people 1 → 4 (+3), breadth 1 → absent = 0 (−1), comms 2 → 4 (+2).
  Result<RoleDiff> d = DiffRoles(Fw(), "junior", "lead");
  ASSERT_TRUE(d) << d.error().message();
  EXPECT_EQ(d->from, "junior");
  EXPECT_EQ(d->to, "lead");
  ASSERT_EQ(d->competencies.size(), 4u);
  const RequirementDiff& breadth = d->competencies[2];
  EXPECT_EQ(breadth.competency, "breadth");
  EXPECT_EQ(*breadth.from_level, 1);
  EXPECT_FALSE(breadth.to_level);
  EXPECT_EQ(breadth.delta, -1);
  EXPECT_EQ(d->competencies[0].delta, 1);
  EXPECT_EQ(d->competencies[1].delta, 3);
  EXPECT_EQ(d->competencies[3].delta, 2);
  EXPECT_EQ(d->increase, 6);
  ASSERT_EQ(d->groups.size(), 2u);
  EXPECT_EQ(d->groups[0].group, "technical");
  EXPECT_EQ(d->groups[0].raised, 1);
  EXPECT_EQ(d->groups[0].lowered, 1);
  EXPECT_EQ(d->groups[0].increase, 1);
  EXPECT_EQ(d->groups[1].group, "non-technical");
  EXPECT_EQ(d->groups[1].raised, 2);
  EXPECT_EQ(d->groups[1].lowered, 0);
  EXPECT_EQ(d->groups[1].increase, 5);

  // From a role with no requirements: each counts from its scale minimum; breadth is in neither.
  Result<RoleDiff> f = DiffRoles(Fw(), "free", "lead");
  ASSERT_TRUE(f);
  ASSERT_EQ(f->competencies.size(), 3u);
  EXPECT_FALSE(f->competencies[0].from_level);
  EXPECT_EQ(f->competencies[0].delta, 2);  // depth 3 − 1
  EXPECT_EQ(f->increase, 8);

  EXPECT_FALSE(DiffRoles(Fw(), "junior", "outside"));
  EXPECT_FALSE(DiffRoles(Fw(), "nope", "lead"));
}

// A population for the ranking, as of its latest date (p8's start, 2023-06-01), target senior.
Population RankingPopulation() {
  auto spell = [](std::string role, std::string_view start, std::optional<std::string_view> end = std::nullopt) {
    return Spell{std::move(role), "", D(start), end ? std::optional<Date>(D(*end)) : std::nullopt};
  };
  CareerSet c;
  c.people = {
      {"p9", {}, {spell("junior", "2018-01-01")}},
      {"p3", {}, {spell("junior", "2019-01-01")}},
      {"p2", {}, {spell("lead", "2019-01-01")}},
      {"p7", {}, {spell("junior", "2019-01-01")}},
      {"p1", {}, {spell("senior", "2015-01-01")}},  // holds the role
      {"p4", {}, {spell("junior", "2010-01-01", "2020-06-01"), spell("outside", "2020-06-01")}},  // left
      {"p5", {}, {spell("lead", "2019-01-01")}},                                               // no assessments
      {"p6", {}, {spell("junior", "2010-01-01", "2015-01-01")}},                               // career ended
      {"p8", {}, {spell("junior", "2023-06-01")}},
  };
  return Population::FromCareers(c);
}

std::vector<Assessment> RankingAssessments() {
  std::vector<Assessment> a;
  auto all_met = [&](const std::string& p) {
    for (const auto& [c, l] : std::vector<std::pair<std::string, double>>{
             {"depth", 4}, {"people", 2}, {"breadth", 3}, {"comms", 3}}) {
      a.push_back(A(p, c, l, "2021-01-01"));
    }
  };
  all_met("p9");
  a.push_back(A("p9", "depth", 1, "2023-01-01"));  // later and worse: counts unless as of 2022
  for (const char* p : {"p3", "p7"}) {  // people never assessed: loses weight 2, gap 1
    a.push_back(A(p, "depth", 5, "2021-01-01"));
    a.push_back(A(p, "breadth", 3, "2021-01-01"));
    a.push_back(A(p, "comms", 3, "2021-01-01"));
  }
  all_met("p2");
  a.push_back(A("p2", "depth", 2.5, "2021-02-01"));  // credit 1.5/3 = 0.5: loses weight 2 too, gap 1.5
  all_met("p1");
  all_met("p4");
  all_met("p6");
  a.push_back(A("p8", "depth", 1, "2023-07-01"));  // after the latest career date: counts without --as-of
  return a;
}

std::vector<std::string> Ids(const std::vector<ReadinessRow>& rows) {
  std::vector<std::string> ids;
  for (const ReadinessRow& r : rows) ids.push_back(r.person);
  return ids;
}

TEST(RankReadinessTest, OrdersByReadinessThenGapThenIdAndLeavesOutHolders) {
  const Population pop = RankingPopulation();
  const std::vector<Assessment> a = RankingAssessments();
  ReadinessOptions o;
  o.role = "senior";
  o.top = 0;
  Result<std::vector<ReadinessRow>> rows = RankReadiness(pop, Fw(), a, o);
  ASSERT_TRUE(rows) << rows.error().message();
  // p3, p7, p2: 100 × 11/13, gaps 1, 1, 1.5 (p3 before p7 by id); p9: depth 1 → 100 × 9/13; p8: 0.
  EXPECT_EQ(Ids(*rows), (std::vector<std::string>{"p3", "p7", "p2", "p9", "p8"}));
  const ReadinessRow& p3 = (*rows)[0];
  EXPECT_EQ(p3.current_role, "junior");
  EXPECT_DOUBLE_EQ(p3.readiness, 1100.0 / 13);
  EXPECT_EQ(p3.met, 3);
  EXPECT_EQ(p3.requirements, 4);
  EXPECT_EQ(p3.unassessed, 1);
  EXPECT_EQ(p3.gap, 1);
  EXPECT_EQ(p3.largest_gap, "people");
  EXPECT_EQ(p3.largest_gap_size, 1);
  const ReadinessRow& p2 = (*rows)[2];
  EXPECT_EQ(p2.current_role, "lead");
  EXPECT_EQ(p2.readiness, p3.readiness);
  EXPECT_EQ(p2.gap, 1.5);
  EXPECT_EQ(p2.largest_gap, "depth");
  EXPECT_DOUBLE_EQ((*rows)[3].readiness, 900.0 / 13);
  const ReadinessRow& p8 = (*rows)[4];
  EXPECT_EQ(p8.readiness, 0);
  EXPECT_EQ(p8.gap, 9);                  // 3 + 1 + 3 + 2
  EXPECT_EQ(p8.largest_gap, "depth");    // ties breadth at 3: the first in framework order
  EXPECT_EQ(p8.largest_gap_size, 3);

  o.top = 2;
  EXPECT_EQ(Ids(*RankReadiness(pop, Fw(), a, o)), (std::vector<std::string>{"p3", "p7"}));

  o.top = 0;
  o.include_holders = true;  // p1 meets everything: first
  Result<std::vector<ReadinessRow>> with = RankReadiness(pop, Fw(), a, o);
  EXPECT_EQ(Ids(*with), (std::vector<std::string>{"p1", "p3", "p7", "p2", "p9", "p8"}));
  EXPECT_EQ((*with)[0].readiness, 100);
  EXPECT_EQ((*with)[0].largest_gap, "");
}

TEST(RankReadinessTest, AsOfPicksCurrentRolesAndAssessments) {
  ReadinessOptions o;
  o.role = "senior";
  o.as_of = Days("2022-01-01");
  // p8 has not started, p4 has left; p9's 2023 depth does not count yet: 100, gap 0.
  Result<std::vector<ReadinessRow>> rows = RankReadiness(RankingPopulation(), Fw(), RankingAssessments(), o);
  ASSERT_TRUE(rows);
  EXPECT_EQ(Ids(*rows), (std::vector<std::string>{"p9", "p3", "p7", "p2"}));
  EXPECT_EQ((*rows)[0].readiness, 100);

  // On the day p4 leaves, p4 is outside (a spell ending on as_of is over); p6 ended long ago.
  o.as_of = Days("2020-06-01");
  rows = RankReadiness(RankingPopulation(), Fw(), RankingAssessments(), o);
  ASSERT_TRUE(rows);
  EXPECT_EQ(Ids(*rows), (std::vector<std::string>{}));  // every assessment is dated 2021 or later
  o.as_of = Days("2020-05-31");
  std::vector<Assessment> early = RankingAssessments();
  early.push_back(A("p4", "depth", 4, "2019-01-01"));
  early.push_back(A("p6", "depth", 4, "2019-01-01"));
  EXPECT_EQ(Ids(*RankReadiness(RankingPopulation(), Fw(), early, o)), (std::vector<std::string>{"p4"}));
}

TEST(RankReadinessTest, UnknownRoleIsNotFound) {
  ReadinessOptions o;
  o.role = "outside";
  Result<std::vector<ReadinessRow>> rows = RankReadiness(RankingPopulation(), Fw(), RankingAssessments(), o);
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace careergraph
