#include "careergraph/plan/evaluate.h"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "careergraph/framework/loader.h"
#include "careergraph/io/careers.h"

namespace careergraph {
namespace {

// One track a < b < c, one destination (left-it; `outside` comes last), two listed moves:
// a→b typical (prior 2 pseudo-moves), b→c (1). The states, in framework order, are
// a, b, c, left-it, outside.
constexpr const char* kTiny = R"toml(
[framework]
id = "tiny"
name = "Tiny"
version = "1"

[[track]]
id = "t"
name = "T"
kind = "technical"

[[role]]
id = "a"
name = "A"
track = "t"
level = 1

[[role]]
id = "b"
name = "B"
track = "t"
level = 2

[[role]]
id = "c"
name = "C"
track = "t"
level = 3

[[destination]]
id = "left-it"
name = "Left IT"

[[move]]
from = "a"
to = "b"
typical = true

[[move]]
from = "b"
to = "c"
)toml";

// With seed 1 the draws (HoldoutDraw) are h1 0.0035, bob 0.0605, t1 0.2959, t2 0.7739,
// t3 0.8900: --holdout 0.2 holds out h1 and bob. Times in role, in days:
//   t1: a 200 → b 100 → c (ongoing)        training: a→b, b→c
//   t2: a 500 → b 300 → left-it            training: a→b, b→left-it
//   t3: a 100, then nothing                training: a→outside
//   h1: a 547 → b 243, then nothing        held out: a→b (at 0 and 1 y), b→outside (at 0 y)
//   bob: a 152 → c (ongoing)               held out: a→c (at 0 y)
// The latest date, and so the as-of date, is 2002-03-11 (t2 leaves b).
constexpr const char* kCareers =
    "person_id,role,title,start,end,site\n"
    "h1,a,,2000-01-01,2001-07-01,X\n"
    "h1,b,,2001-07-01,2002-03-01,X\n"
    "t1,a,,2000-01-01,2000-07-19,X\n"
    "t1,b,,2000-07-19,2000-10-27,X\n"
    "t1,c,,2000-10-27,,X\n"
    "t2,a,,2000-01-01,2001-05-15,X\n"
    "t2,b,,2001-05-15,2002-03-11,X\n"
    "t2,left-it,,2002-03-11,,X\n"
    "bob,a,,2000-01-01,2000-06-01,Y\n"
    "bob,c,,2000-06-01,,Y\n"
    "t3,a,,2000-01-01,2000-04-10,Y\n";

// The same people, in reverse order.
constexpr const char* kCareersReversed =
    "person_id,role,title,start,end,site\n"
    "t3,a,,2000-01-01,2000-04-10,Y\n"
    "bob,a,,2000-01-01,2000-06-01,Y\n"
    "bob,c,,2000-06-01,,Y\n"
    "t2,a,,2000-01-01,2001-05-15,X\n"
    "t2,b,,2001-05-15,2002-03-11,X\n"
    "t2,left-it,,2002-03-11,,X\n"
    "t1,a,,2000-01-01,2000-07-19,X\n"
    "t1,b,,2000-07-19,2000-10-27,X\n"
    "t1,c,,2000-10-27,,X\n"
    "h1,a,,2000-01-01,2001-07-01,X\n"
    "h1,b,,2001-07-01,2002-03-01,X\n";

const Framework& Tiny() {
  static const Framework fw = [] {
    Result<Framework> r = ParseFramework(kTiny, "tiny.toml");
    EXPECT_TRUE(r) << (r ? "" : r.error().message());
    return r ? std::move(*r) : Framework();
  }();
  return fw;
}

Population Load(const char* csv = kCareers) {
  Result<CareerBatch> b = ParseCareerBatch(csv, "t.csv", CareerFormat::kCsv, Tiny());
  EXPECT_TRUE(b) << b.error().message();
  return b ? std::move(b->population) : Population();
}

const double kZeroLoss = -std::log(kLogLossFloor);  // 13.8155...

void ExpectScore(const PredictorScore& s, const char* name, double top1, double top3, double log_loss, double brier,
                 int64_t zero) {
  SCOPED_TRACE(name);
  EXPECT_EQ(s.name, name);
  EXPECT_EQ(s.instances, 4);
  EXPECT_DOUBLE_EQ(s.top1, top1);
  EXPECT_DOUBLE_EQ(s.top3, top3);
  EXPECT_NEAR(s.log_loss, log_loss, 1e-12);
  EXPECT_NEAR(s.brier, brier, 1e-12);
  EXPECT_EQ(s.zero_probability, zero);
}

TEST(EvaluateTest, HoldoutDrawIsAFixedHashOfSeedAndId) {
  // Pinned values (an independent SplitMix64/FNV-1a computation): the split must not change
  // between versions, or results could not be compared.
  EXPECT_NEAR(HoldoutDraw("h1", 1), 0.003512, 1e-6);
  EXPECT_NEAR(HoldoutDraw("bob", 1), 0.060488, 1e-6);
  EXPECT_NEAR(HoldoutDraw("t1", 1), 0.295889, 1e-6);
  EXPECT_NEAR(HoldoutDraw("t2", 1), 0.773947, 1e-6);
  EXPECT_NEAR(HoldoutDraw("t3", 1), 0.889965, 1e-6);
  EXPECT_NEAR(HoldoutDraw("h1", 2), 0.395407, 1e-6);
  EXPECT_NE(HoldoutDraw("h1", 1), HoldoutDraw("h1", 2));
}

TEST(EvaluateTest, SplitsPeopleByTheirDrawWhateverTheirOrder) {
  // Load order: h1, t1, t2, bob, t3.
  EXPECT_EQ(TrainingPeople(Load(), 0.2, 1), (std::vector<uint8_t>{0, 1, 1, 0, 1}));
  EXPECT_EQ(TrainingPeople(Load(), 0.05, 1), (std::vector<uint8_t>{0, 1, 1, 1, 1}));
  EXPECT_EQ(TrainingPeople(Load(), 0.8, 1), (std::vector<uint8_t>{0, 0, 0, 0, 1}));
  // Reversed: t3, bob, t2, t1, h1.
  EXPECT_EQ(TrainingPeople(Load(kCareersReversed), 0.2, 1), (std::vector<uint8_t>{1, 0, 1, 1, 0}));
}

// Every number below is worked out by hand in the comments.
TEST(EvaluateTest, ScoresFourPredictorsOnTheHeldOutMovesByHand) {
  EvaluateOptions options;  // holdout 0.2, seed 1, prior 1, duration bands
  Result<EvaluateResult> r = EvaluateModel(Load(), Tiny(), options);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ((Date{r->as_of, DatePrecision::kDay}).ToString(), "2002-03-11");
  EXPECT_EQ(r->people_train, 3);
  EXPECT_EQ(r->people_test, 2);
  EXPECT_EQ(r->moves_train, 5);
  EXPECT_EQ(r->moves_test, 3);
  EXPECT_EQ(r->instances, 4);  // h1 in a at 0 and 1 y, h1 in b at 0 y, bob in a at 0 y
  EXPECT_EQ(r->states, (std::vector<std::string>{"a", "b", "c", "left-it", "outside"}));

  // most-frequent: the 5 training moves go to b 2, c 1, left-it 1, outside 1: p = (0, .4, .2,
  // .2, .2). Truth b (twice): rank 1, Brier .6² + 3 × .2² = .48. Truth outside: ranks 4th (b
  // above, c and left-it tie and come first), Brier .4² + 2 × .2² + .8² = .88. Truth c: 2nd
  // (b above; left-it and outside tie but come later), Brier .88.
  ExpectScore(r->scores[0], "most-frequent", 2 / 4.0, 3 / 4.0, (-2 * std::log(0.4) - 2 * std::log(0.2)) / 4,
              (0.48 + 0.48 + 0.88 + 0.88) / 4, 0);

  // markov: p_a = (b 2/3, outside 1/3), p_b = (c 1/2, left-it 1/2). Truth b: Brier 2 × (1/3)²;
  // b→outside and a→c were never seen: p = 0, Brier .5² + .5² + 1 and (2/3)² + (1/3)² + 1.
  ExpectScore(r->scores[1], "markov", 2 / 4.0, 2 / 4.0, (-2 * std::log(2.0 / 3) + 2 * kZeroLoss) / 4,
              (2 * 2.0 / 9 + 1.5 + 14.0 / 9) / 4, 2);

  // prior: a→b is typical (2 pseudo-moves): p_a = (b 4/5, outside 1/5); b→c is listed (1):
  // p_b = (c 2/3, left-it 1/3). Briers: 2 × .2² = .08 (twice), (2/3)² + (1/3)² + 1, .8² + .2² + 1.
  ExpectScore(r->scores[2], "prior", 2 / 4.0, 2 / 4.0, (-2 * std::log(0.8) + 2 * kZeroLoss) / 4,
              (0.08 + 0.08 + 14.0 / 9 + 1.68) / 4, 2);

  // model: duration bands [0, 1 y), [1 y, 3 y), [3 y, ∞), each move shrunk toward p with 5
  // pseudo-moves: p_b(band) = (n_band + 5 p) / (N_band + 5).
  //   Role a: spells 100 (→outside), 200 (→b), 500 (→b); Kaplan–Meier S = 2/3, 1/3, 0.
  //     band 0: b (1 + 4) / 7 = 5/7, outside (1 + 1) / 7 = 2/7; band 1: b 5/6, outside 1/6.
  //     At s = 0 the band weights are S(0) − S(1 y) = 2/3 and S(1 y) − S(3 y) = 1/3:
  //     b = 2/3 · 5/7 + 1/3 · 5/6 = 95/126, outside 31/126. At s = 1 y: band 1 only, b = 5/6.
  //   Role b: spells 100 (→c), 300 (→left-it), both in band 0 (weight 1 at s = 0):
  //     c (1 + 5 · 2/3) / 7 = 13/21, left-it 8/21.
  const double pb0 = 95.0 / 126, po0 = 31.0 / 126;
  ExpectScore(r->scores[3], "model", 2 / 4.0, 2 / 4.0, (-std::log(pb0) - std::log(5.0 / 6) + 2 * kZeroLoss) / 4,
              (2 * po0 * po0 + 2.0 / 36 + (169.0 + 64) / 441 + 1 + pb0 * pb0 + po0 * po0 + 1) / 4, 2);

  EXPECT_NEAR(r->prior_adds.log_loss, (-2 * std::log(2.0 / 3) + 2 * std::log(0.8)) / 4, 1e-12);
  EXPECT_DOUBLE_EQ(r->prior_adds.top1, 0);
  EXPECT_NEAR(r->duration_adds.log_loss, (-2 * std::log(0.8) + std::log(pb0) + std::log(5.0 / 6)) / 4, 1e-12);
  EXPECT_DOUBLE_EQ(r->duration_adds.top1, 0);

  // Calibration: 4 instances × 4 candidates (every state but the current role) = 16 pairs.
  //   bin 0: the 8 zeros (a: c, left-it, twice each, and bob's c — the truth; b: a, outside — the
  //          truth): 2 of 8 true; bin 1: outside 1/6; bin 2: outside 31/126 twice; bin 3: left-it
  //          8/21; bin 6: c 13/21; bin 7: b 95/126 twice, once true; bin 8: b 5/6, true.
  struct Want {
    int64_t n;
    double mean, observed;
  };
  const Want want[kCalibrationBins] = {{8, 0, 0.25},     {1, 1.0 / 6, 0},   {2, po0, 0}, {1, 8.0 / 21, 0},
                                       {0, 0, 0},        {0, 0, 0},         {1, 13.0 / 21, 0},
                                       {2, pb0, 0.5},    {1, 5.0 / 6, 1},   {0, 0, 0}};
  for (size_t b = 0; b < kCalibrationBins; ++b) {
    SCOPED_TRACE(b);
    EXPECT_DOUBLE_EQ(r->calibration[b].lower, static_cast<double>(b) / 10);
    EXPECT_DOUBLE_EQ(r->calibration[b].upper, static_cast<double>(b + 1) / 10);
    EXPECT_EQ(r->calibration[b].n, want[b].n);
    EXPECT_NEAR(r->calibration[b].mean_predicted, want[b].mean, 1e-12);
    EXPECT_DOUBLE_EQ(r->calibration[b].observed, want[b].observed);
  }
}

TEST(EvaluateTest, ModelWithoutDurationIsThePriorPredictor) {
  EvaluateOptions options;
  options.model.duration = false;
  Result<EvaluateResult> r = EvaluateModel(Load(), Tiny(), options);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_DOUBLE_EQ(r->scores[3].log_loss, r->scores[2].log_loss);
  EXPECT_DOUBLE_EQ(r->scores[3].brier, r->scores[2].brier);
  EXPECT_DOUBLE_EQ(r->duration_adds.log_loss, 0);
}

TEST(EvaluateTest, ModelUsesThePersonsGroup) {
  // By site with no shrinkage (min_group 0) and no duration: the groups' own shares. Training
  // X = t1, t2: a→b twice, b→c and b→left-it; Y = t3: a→outside. h1 (X): b at p 1 (twice), then
  // b→outside at 0 (Brier .5² + .5² + 1). bob (Y): p_a = outside 1, truth c at 0 (Brier 1 + 1).
  EvaluateOptions options;
  options.model.duration = false;
  options.model.by = "site";
  options.model.min_group = 0;
  Result<EvaluateResult> r = EvaluateModel(Load(), Tiny(), options);
  ASSERT_TRUE(r) << r.error().message();
  ExpectScore(r->scores[3], "model", 2 / 4.0, 2 / 4.0, 2 * kZeroLoss / 4, (1.5 + 2) / 4, 2);
  // The other predictors ignore the groups.
  EXPECT_NEAR(r->scores[2].brier, (0.08 + 0.08 + 14.0 / 9 + 1.68) / 4, 1e-12);
}

TEST(EvaluateTest, SameSeedSameResultWhateverThePopulationOrder) {
  EvaluateOptions options;
  Result<EvaluateResult> a = EvaluateModel(Load(), Tiny(), options);
  Result<EvaluateResult> b = EvaluateModel(Load(kCareersReversed), Tiny(), options);
  ASSERT_TRUE(a && b);
  for (size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(a->scores[k].top1, b->scores[k].top1);
    EXPECT_EQ(a->scores[k].log_loss, b->scores[k].log_loss);
    EXPECT_EQ(a->scores[k].brier, b->scores[k].brier);
  }
  // Another seed holds out other people: seed 2 draws bob 0.246, h1 0.395, t1 0.399, t2 0.116,
  // t3 0.620, so --holdout 0.2 holds out t2 alone (a 500 d → b, b 300 d → left-it: 2 + 1 instances).
  options.seed = 2;
  Result<EvaluateResult> c = EvaluateModel(Load(), Tiny(), options);
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->people_test, 1);
  EXPECT_EQ(c->moves_test, 2);
  EXPECT_EQ(c->instances, 3);
}

TEST(EvaluateTest, RejectsABadHoldoutAndNothingToPredictOrLearn) {
  for (double h : {0.0, 1.0, 1.5, -0.1, std::nan("")}) {
    EvaluateOptions options;
    options.holdout = h;
    Result<EvaluateResult> r = EvaluateModel(Load(), Tiny(), options);
    ASSERT_FALSE(r) << h;
    EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.error().message().find("--holdout"), std::string::npos) << r.error().message();
  }
  EvaluateOptions none;
  none.holdout = 0.001;  // below every draw: nobody held out
  Result<EvaluateResult> r = EvaluateModel(Load(), Tiny(), none);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.error().message().find("the 0 held-out people made no move"), std::string::npos) << r.error().message();
  EvaluateOptions all;
  all.holdout = 0.95;  // above every draw: nobody to learn from
  r = EvaluateModel(Load(), Tiny(), all);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("the 0 training people made no move"), std::string::npos) << r.error().message();
  EvaluateOptions by;
  by.model.by = "team";
  r = EvaluateModel(Load(), Tiny(), by);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.error().message().find("--by: no person attribute 'team' (known: site)"), std::string::npos)
      << r.error().message();
  EvaluateOptions prior;
  prior.model.prior = -1;
  EXPECT_FALSE(EvaluateModel(Load(), Tiny(), prior));
}

}  // namespace
}  // namespace careergraph
