// The mobility model (plan/model.h) and its absorbing chain (plan/plan.h) on a fixture small
// enough to compute every number by hand; the derivations are in the comments.
#include "careergraph/plan/model.h"

#include <cmath>

#include <gtest/gtest.h>

#include "careergraph/framework/loader.h"
#include "careergraph/plan/plan.h"
#include "test_util.h"

namespace careergraph {
namespace {


// tests/data/plan/framework.toml: roles a (tech 1), b (tech 2), d (tech 3), c (mgmt 2); a → b
// typical, b → c listed; unlisted step-backs and cross-track moves are forbidden.
Framework Fixture() {
  Result<Framework> r = LoadFrameworkFile(testing::SourcePath("tests/data/plan/framework.toml"));
  EXPECT_TRUE(r) << (r ? "" : r.error().message());
  return r ? std::move(*r) : Framework();
}

Spell S(const char* role, int y0, std::optional<int> y1) {
  Spell s;
  s.role = role;
  s.start = MakeDate(y0, 1, 1);
  if (y1) s.end = MakeDate(*y1, 1, 1);
  return s;
}

// P1: a 2000–2002 → b ongoing.   P2: a 2000–2001, then nothing (an exit to outside).
// P3: b 2000–2003 → a ongoing (a step-back the policy forbids).   P4: b 2000–2004 → c 2004–2005.
// The latest date, 2005-01-01, is the as-of date.
Population Careers() {
  CareerSet set;
  set.people = {
      {"P1", {{"unit", "x"}}, {S("a", 2000, 2002), S("b", 2002, std::nullopt)}},
      {"P2", {{"unit", "x"}}, {S("a", 2000, 2001)}},
      {"P3", {{"unit", "y"}}, {S("b", 2000, 2003), S("a", 2003, std::nullopt)}},
      {"P4", {}, {S("b", 2000, 2004), S("c", 2004, 2005)}},
  };
  return Population::FromCareers(set);
}

class ModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fw_ = Fixture();
    pop_ = Careers();
    Result<CareerModel> m = FitModel(pop_, fw_);
    ASSERT_TRUE(m) << m.error().message();
    model_ = std::move(*m);
  }
  const ModelRole& Role(const char* id) { return *model_.FindRole(id); }
  Framework fw_;
  Population pop_;
  CareerModel model_;
};

TEST_F(ModelTest, TimeInRole) {
  // a: P1 731 days (2000 is a leap year) ended, P2 366 ended, P3 731 censored at 2005-01-01.
  EXPECT_EQ(Role("a").spells, 3);
  EXPECT_EQ(Role("a").events, 2);
  EXPECT_DOUBLE_EQ(Role("a").exposure_days, 1828);
  EXPECT_DOUBLE_EQ(*Role("a").mean_days, 914);
  // b: P1 1096 censored, P3 1096 ended, P4 1461 ended.
  EXPECT_DOUBLE_EQ(*Role("b").mean_days, 3653.0 / 2);
  EXPECT_DOUBLE_EQ(*Role("c").mean_days, 366);
  EXPECT_EQ(Role("d").spells, 0);
  EXPECT_FALSE(Role("d").mean_days.has_value());
  // Kaplan–Meier of a: 3 at risk at 366 (one leaves): 2/3; 2 at risk at 731 (one leaves): 1/3.
  ASSERT_EQ(Role("a").survival.size(), 2u);
  EXPECT_EQ(Role("a").survival[0].first, 366);
  EXPECT_DOUBLE_EQ(Role("a").survival[0].second, 2.0 / 3);
  EXPECT_DOUBLE_EQ(Role("a").survival[1].second, 1.0 / 3);
  EXPECT_EQ(model_.data.people, 4);
  EXPECT_EQ(model_.data.moves, 5);
  EXPECT_EQ(model_.data.as_of, MakeDate(2005, 1, 1).days);
  EXPECT_EQ(model_.destinations, std::vector<std::string>{"outside"});
}

TEST_F(ModelTest, SharesWithThePrior) {
  // a: observed b 1, outside 1; prior 2 on a → b (listed, typical): (1 + 2) / 4 and 1 / 4.
  const ModelRole& a = Role("a");
  ASSERT_EQ(a.moves.size(), 2u);
  EXPECT_EQ(a.moves[0].to, "b");
  EXPECT_DOUBLE_EQ(a.moves[0].prior, 2);
  EXPECT_DOUBLE_EQ(a.moves[0].probability, 0.75);
  EXPECT_EQ(a.moves[0].kind, MoveKind::kPromotion);
  EXPECT_TRUE(a.moves[0].typical);
  EXPECT_EQ(a.moves[1].to, "outside");
  EXPECT_DOUBLE_EQ(a.moves[1].probability, 0.25);
  // Wilson 95 % of 3 of 4: R's prop.test(3, 4, correct = FALSE)$conf.int.
  EXPECT_NEAR(a.moves[0].lower, 0.30064184258240201, 1e-14);
  EXPECT_NEAR(a.moves[0].upper, 0.95441273919029945, 1e-14);
  // Medians of the observed moves' durations.
  EXPECT_DOUBLE_EQ(a.moves[0].median_days_at_move, 731);
  EXPECT_DOUBLE_EQ(a.moves[1].median_days_at_move, 366);
  // b: the step-back to a is forbidden (dropped, counted); b → c: 1 observed + 1 prior = all.
  const ModelRole& b = Role("b");
  EXPECT_EQ(b.forbidden, 1);
  ASSERT_EQ(b.moves.size(), 2u);
  EXPECT_EQ(b.moves[0].to, "c");
  EXPECT_DOUBLE_EQ(b.moves[0].probability, 1);
  EXPECT_EQ(b.moves[1].to, "a");
  EXPECT_EQ(b.moves[1].observed, 1);
  EXPECT_DOUBLE_EQ(b.moves[1].probability, 0);
  // d: no data, no listed move out: no moves at all.
  EXPECT_TRUE(Role("d").moves.empty());
}

TEST_F(ModelTest, WithoutPriorTheSharesAreTheData) {
  ModelOptions o;
  o.prior = 0;
  Result<CareerModel> m = FitModel(pop_, fw_, o);
  ASSERT_TRUE(m);
  EXPECT_DOUBLE_EQ(m->FindRole("a")->moves[0].probability, 0.5);
  EXPECT_DOUBLE_EQ(m->FindRole("a")->Find("outside")->probability, 0.5);
}

TEST_F(ModelTest, DurationBands) {
  // a's two moves both fall in band 1 (1–3 years): band 1 has (1 + 5 · 0.75) / (2 + 5) for b;
  // the empty bands keep the role's share.
  const ModelMove& ab = *Role("a").Find("b");
  EXPECT_DOUBLE_EQ(ab.by_duration[0], 0.75);
  EXPECT_DOUBLE_EQ(ab.by_duration[1], 4.75 / 7);
  EXPECT_DOUBLE_EQ(ab.by_duration[2], 0.75);
  EXPECT_EQ(Role("a").band_events[1], 2);
  // At 0 days: P(leave in band 1) = S(364) − S(1095) = 1 − 1/3, band 2 gets the remaining 1/3.
  std::vector<double> p = ConditionalShares(Role("a"), 0, true);
  EXPECT_NEAR(p[0], 2.0 / 3 * 4.75 / 7 + 1.0 / 3 * 0.75, 1e-15);
  EXPECT_NEAR(p[1], 2.0 / 3 * 2.25 / 7 + 1.0 / 3 * 0.25, 1e-15);
  // Beyond 3 years only band 2 is left; without duration the plain shares.
  EXPECT_NEAR(ConditionalShares(Role("a"), 1200, true)[0], 0.75, 1e-15);
  EXPECT_DOUBLE_EQ(ConditionalShares(Role("a"), 0, false)[0], 0.75);
}

TEST_F(ModelTest, ConditionalMedian) {
  // S falls to 1/3 at 731: from 0 the median is 731 (S(366) = 2/3 is above 1/2); from 400 days
  // S = 2/3, half is 1/3, reached at 731: 331 more days.
  EXPECT_DOUBLE_EQ(*ConditionalMedianDays(Role("a"), 0), 731);
  EXPECT_DOUBLE_EQ(*ConditionalMedianDays(Role("a"), 400), 331);
  // b: S(1096) = 2/3 is above 1/2, S(1461) = 0 is not: the median from 0 is 1461.
  EXPECT_DOUBLE_EQ(*ConditionalMedianDays(Role("b"), 0), 1461);
  EXPECT_FALSE(ConditionalMedianDays(Role("d"), 0).has_value());
}

TEST_F(ModelTest, AbsorbingChain) {
  // Target c: x_b = p_b(c) = 1, x_a = 0.75 x_b; given reaching c the time is m_b from b and
  // (x_a m_a + 0.75 x_b m_b) / x_a = m_a + m_b from a.
  ReachAll r = ReachTarget(model_, "c");
  EXPECT_DOUBLE_EQ(r.probability[0], 0.75);  // a
  EXPECT_DOUBLE_EQ(r.probability[1], 1);     // b
  EXPECT_DOUBLE_EQ(r.probability[2], 0);     // d: no moves
  EXPECT_DOUBLE_EQ(r.probability[3], 1);     // c itself
  EXPECT_NEAR(*r.expected_days[0], 914 + 1826.5, 1e-9);
  EXPECT_NEAR(*r.expected_days[1], 1826.5, 1e-9);
  EXPECT_FALSE(r.expected_days[2].has_value());
  // Until an exit: c 366; b 1826.5 + 366; a 914 + 0.75 (b's) — a's other 0.25 exits at once.
  EXPECT_NEAR(Role("c").expected_days_in_framework, 366, 1e-9);
  EXPECT_NEAR(Role("b").expected_days_in_framework, 2192.5, 1e-9);
  EXPECT_NEAR(Role("a").expected_days_in_framework, 914 + 0.75 * 2192.5, 1e-9);
  EXPECT_TRUE(std::isinf(Role("d").expected_days_in_framework));
}

TEST_F(ModelTest, NextMoves) {
  Result<NextResult> r = NextMoves(model_, "a", 400);
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_EQ(r->moves.size(), 2u);
  EXPECT_EQ(r->moves[0].to, "b");
  // At 400 days only band 1 (weight S(400) − S(1095) = 1/3) and band 2 (1/3) are left.
  EXPECT_NEAR(r->moves[0].probability, 0.5 * 4.75 / 7 + 0.5 * 0.75, 1e-15);
  EXPECT_DOUBLE_EQ(*r->median_days_to_move, 331);
  EXPECT_NEAR(r->leave_within_period, 1 - std::exp(-365.25 / 914), 1e-15);
  EXPECT_EQ(NextMoves(model_, "outside", 0).error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(NextMoves(model_, "nope", 0).error().code(), StatusCode::kNotFound);
}

TEST_F(ModelTest, AttributeGroupsShrinkTowardThePooledRole) {
  ModelOptions o;
  o.by = "unit";
  o.min_group = 2;
  Result<CareerModel> m = FitModel(pop_, fw_, o);
  ASSERT_TRUE(m) << m.error().message();
  ASSERT_EQ(m->groups.size(), 2u);
  EXPECT_EQ(m->groups[0].value, "x");
  EXPECT_EQ(m->groups[0].people, 2);
  // Group x in a: observed b 1, outside 1; 2 pseudo-moves at the pooled shares (0.75, 0.25):
  // b (1 + 1.5) / 4, outside (1 + 0.5) / 4.
  const ModelRole* a = m->FindRole("a", "x");
  EXPECT_DOUBLE_EQ(a->Find("b")->probability, 2.5 / 4);
  EXPECT_DOUBLE_EQ(a->Find("outside")->probability, 1.5 / 4);
  // Mean time: (exposure 731 + 366 + 2 · 914) / (2 events + 2).
  EXPECT_DOUBLE_EQ(*a->mean_days, (1097.0 + 2 * 914) / 4);
  // An unknown group is the pooled model.
  EXPECT_EQ(m->FindRole("a", "nope"), m->FindRole("a"));
  o.by = "missing";
  Result<CareerModel> bad = FitModel(pop_, fw_, o);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("known: unit"), std::string::npos) << bad.error().message();
}

TEST_F(ModelTest, JsonRoundTrip) {
  const std::string text = ModelToJson(model_);
  Result<CareerModel> back = ModelFromJson(text, "m.json", fw_);
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(ModelToJson(*back), text);
  EXPECT_EQ(back->FindRole("a")->moves[0].probability, 0.75);
}

TEST_F(ModelTest, JsonErrorsNameTheField) {
  std::string text = ModelToJson(model_);
  auto fails_with = [&](std::string changed, const std::string& needle) {
    Result<CareerModel> r = ModelFromJson(changed, "m.json", fw_);
    ASSERT_FALSE(r) << needle;
    EXPECT_NE(r.error().message().find(needle), std::string::npos) << r.error().message();
  };
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    const size_t at = t.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return at == std::string::npos ? t : t.replace(at, from.size(), to);
  };
  fails_with(replace("\"version\": \"2\"", "\"version\": \"3\""), "fitted for framework fixture 3");
  fails_with(replace("\"probability\": 0.75", "\"probability\": 0.7"), ".roles[0].moves: expected probabilities summing to 1");
  fails_with(replace("\"probability\": 0.75", "\"probability\": 1.5"), ".roles[0].moves[0].probability");
  fails_with(replace("\"spells\": 3", "\"spells\": -3"), ".roles[0].spells: expected a whole number");
  fails_with(replace("\"careergraph_model\": 1", "\"careergraph_model\": 9"), "model format 9 is not supported");
  fails_with("{", "not valid JSON");
  fails_with("[]", "not a careergraph model");
}

}  // namespace
}  // namespace careergraph
