// Time in role (analysis/survival.h) and its pictures (render/curves.h): estimators checked
// against numbers worked out by hand below (and, where noted, printed by R's survival 3.5-3), and
// role spells built from small populations. tests/integration/survival_oracle.sh compares whole
// curves with R on larger data.
#include "careergraph/analysis/survival.h"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "careergraph/io/careers.h"
#include "careergraph/render/curves.h"
#include "test_util.h"

namespace careergraph {
namespace {

constexpr double kEps = 1e-12;

KaplanMeier Km(const std::vector<int32_t>& time, const std::vector<uint8_t>& status) {
  Result<KaplanMeier> km = EstimateKaplanMeier(time, status);
  EXPECT_TRUE(km) << km.error().message();
  return km ? std::move(*km) : KaplanMeier();
}

// Eight spells (days): 2, 3, 3+, 5, 7, 7, 8+, 10 (+ = censored).
//   t   n  d  S                     Greenwood Σ d/(n(n−d))
//   2   8  1  7/8       = 0.875     1/56
//   3   7  1  7/8·6/7   = 0.75      1/56 + 1/42        = 1/24      (one censored at 3: still at risk)
//   5   5  1  0.75·4/5  = 0.6       1/24 + 1/20        = 11/120
//   7   4  2  0.6·2/4   = 0.3       11/120 + 2/8       = 41/120
//   8   2  0  (censored)
//   10  1  1  0                     infinite: std err and interval undefined (R: NaN, NA)
// Quartiles (R's quantile.survfit): 1 − S = .125, .25, .4, .7, .7, 1 at 2, 3, 5, 7, 8, 10. 25 %:
// 1 − S equals .25 exactly from 3 to 5, so the midpoint 4; median: 7 (1 − S jumps past .5 at 7);
// 75 %: 10. The lower curve (exp(log S − z·√Σ)) crosses at 2, 5, 7; the upper is capped at 1 until
// 7 and then ends, so it never crosses: no upper limits. R prints the same:
//   std.err .116926793336686 .153093108923949 .181659021245850 .175356779167502 NaN
//   lower   .6733819365059553 .5027018412940469 .3314646243432969 .0954057869001621 NA
TEST(SurvivalTest, KaplanMeierByHand) {
  const KaplanMeier km = Km({2, 3, 3, 5, 7, 7, 8, 10}, {1, 1, 0, 1, 1, 1, 0, 1});
  EXPECT_EQ(km.n, 8);
  EXPECT_EQ(km.events, 6);
  ASSERT_EQ(km.curve.size(), 6u);  // every distinct time, censored-only ones (8) included
  const int32_t times[] = {2, 3, 5, 7, 8, 10};
  const int64_t at_risk[] = {8, 7, 5, 4, 2, 1};
  const int64_t events[] = {1, 1, 1, 2, 0, 1};
  const int64_t censored[] = {0, 1, 0, 0, 1, 0};
  const double surv[] = {0.875, 0.75, 0.6, 0.3, 0.3, 0};
  const double greenwood[] = {1.0 / 56, 1.0 / 24, 11.0 / 120, 41.0 / 120, 41.0 / 120};
  for (size_t j = 0; j < 6; ++j) {
    const SurvivalPoint& p = km.curve[j];
    EXPECT_EQ(p.time, times[j]);
    EXPECT_EQ(p.at_risk, at_risk[j]);
    EXPECT_EQ(p.events, events[j]);
    EXPECT_EQ(p.censored, censored[j]);
    EXPECT_NEAR(p.survival, surv[j], kEps);
    if (j < 5) {
      const double se = std::sqrt(greenwood[j]);
      EXPECT_NEAR(p.std_err, surv[j] * se, kEps);
      EXPECT_NEAR(p.lower, surv[j] * std::exp(-kZ95 * se), kEps);
      EXPECT_NEAR(p.upper, std::min(1.0, surv[j] * std::exp(kZ95 * se)), kEps);
    }
  }
  EXPECT_NEAR(km.curve[0].std_err, 0.116926793336686, 1e-14);  // R
  EXPECT_NEAR(km.curve[3].lower, 0.0954057869001621, 1e-14);  // R
  EXPECT_NEAR(km.curve[3].upper, 0.943339004102351, 1e-14);   // R
  EXPECT_TRUE(std::isnan(km.curve[5].std_err));
  EXPECT_TRUE(std::isnan(km.curve[5].lower));
  EXPECT_TRUE(std::isnan(km.curve[5].upper));

  EXPECT_EQ(km.quartiles[0].percent, 25);
  EXPECT_EQ(km.quartiles[0].time, 4.0);
  EXPECT_EQ(km.median().time, 7.0);
  EXPECT_EQ(km.quartiles[2].time, 10.0);
  EXPECT_EQ(km.quartiles[0].lower, 2.0);
  EXPECT_EQ(km.quartiles[1].lower, 5.0);
  EXPECT_EQ(km.quartiles[2].lower, 7.0);
  for (const SurvivalQuantile& q : km.quartiles) EXPECT_FALSE(q.upper);
}

// A flat stretch exactly at the target: R's quantile.survfit takes the midpoint of where the
// curve reaches it and where it leaves it — or, when it never leaves, the last observed time.
TEST(SurvivalTest, MedianOnAFlatStretchTakesTheMidpoint) {
  EXPECT_EQ(Km({1, 2, 5, 9}, {0, 1, 0, 0}).median().time, std::nullopt);  // 1 − S = 1/3 only
  const KaplanMeier end = Km({2, 3, 9, 9}, {1, 1, 0, 0});  // S = .75 from 2, .5 from 3 to the end (9)
  EXPECT_EQ(end.median().time, (3.0 + 9.0) / 2);
  EXPECT_EQ(end.quartiles[0].time, (2.0 + 3.0) / 2);
  const KaplanMeier mid = Km({1, 1, 6, 7}, {1, 1, 1, 0});  // S = .5 from 1, .25 from 6 to the end (7)
  EXPECT_EQ(mid.median().time, (1.0 + 6.0) / 2);
  EXPECT_EQ(mid.quartiles[0].time, 1.0);               // 1 − S jumps from 0 past .25 at 1
  EXPECT_EQ(mid.quartiles[2].time, (6.0 + 7.0) / 2);  // .75 reached at 6 and never left
}

// Ties only: four spells all ending at 5. S drops to 0 at once; every quartile is 5; the interval
// is undefined at S = 0, so the lower curve never crosses and the quartiles have no limits.
TEST(SurvivalTest, AllTiedEvents) {
  const KaplanMeier km = Km({5, 5, 5, 5}, {1, 1, 1, 1});
  ASSERT_EQ(km.curve.size(), 1u);
  EXPECT_EQ(km.curve[0].at_risk, 4);
  EXPECT_EQ(km.curve[0].events, 4);
  EXPECT_EQ(km.curve[0].survival, 0);
  for (const SurvivalQuantile& q : km.quartiles) {
    EXPECT_EQ(q.time, 5.0);
    EXPECT_FALSE(q.lower);
    EXPECT_FALSE(q.upper);
  }
}

TEST(SurvivalTest, AllCensoredNeverDrops) {
  const KaplanMeier km = Km({3, 8, 8, 20}, {0, 0, 0, 0});
  EXPECT_EQ(km.events, 0);
  ASSERT_EQ(km.curve.size(), 3u);
  for (const SurvivalPoint& p : km.curve) {
    EXPECT_EQ(p.survival, 1);
    EXPECT_EQ(p.std_err, 0);
    EXPECT_EQ(p.lower, 1);
    EXPECT_EQ(p.upper, 1);
  }
  for (const SurvivalQuantile& q : km.quartiles) EXPECT_FALSE(q.time);
  EXPECT_EQ(km.last_time(), 20);
}

TEST(SurvivalTest, SingleSpell) {
  const KaplanMeier ended = Km({42}, {1});
  ASSERT_EQ(ended.curve.size(), 1u);
  EXPECT_EQ(ended.curve[0].survival, 0);
  EXPECT_EQ(ended.median().time, 42.0);
  const KaplanMeier running = Km({42}, {0});
  EXPECT_EQ(running.curve[0].survival, 1);
  EXPECT_FALSE(running.median().time);
  const KaplanMeier none = Km({}, {});
  EXPECT_EQ(none.n, 0);
  EXPECT_TRUE(none.curve.empty());
  EXPECT_FALSE(none.median().time);
}

TEST(SurvivalTest, WideRangeSortsInsteadOfCountingWithTheSameResult) {
  // Days 0..9 and the same spread over 9 million days (too wide to count): same estimates.
  const KaplanMeier small = Km({0, 5, 5, 9, 3}, {1, 1, 0, 1, 1});
  const KaplanMeier wide = Km({0, 5000000, 5000000, 9000000, 3000000}, {1, 1, 0, 1, 1});
  ASSERT_EQ(small.curve.size(), wide.curve.size());
  for (size_t j = 0; j < small.curve.size(); ++j) {
    EXPECT_EQ(wide.curve[j].time, small.curve[j].time * 1000000);
    EXPECT_EQ(wide.curve[j].at_risk, small.curve[j].at_risk);
    EXPECT_EQ(wide.curve[j].censored, small.curve[j].censored);
    EXPECT_EQ(wide.curve[j].survival, small.curve[j].survival);
  }
  EXPECT_EQ(*wide.median().time, *small.median().time * 1000000);
}

TEST(SurvivalTest, RejectsBadArrays) {
  std::vector<int32_t> t{1, -2};
  std::vector<uint8_t> s{1, 1};
  Result<KaplanMeier> km = EstimateKaplanMeier(t, s);
  ASSERT_FALSE(km);
  EXPECT_EQ(km.error().message(), "a duration is negative (-2 days)");
  s.pop_back();
  EXPECT_FALSE(EstimateKaplanMeier(t, s));
  std::vector<uint32_t> c{1, 3};
  std::vector<int32_t> t2{1, 2};
  EXPECT_FALSE(EstimateCompetingRisks(t2, c, 2));
}

TEST(SurvivalTest, CurveAtATimeAndRegularTimes) {
  const KaplanMeier km = Km({2, 3, 3, 5, 7, 7, 8, 10}, {1, 1, 0, 1, 1, 1, 0, 1});
  SurvivalAt a = KaplanMeierAt(km, 0);
  EXPECT_EQ(a.at_risk, 8);
  EXPECT_EQ(a.survival, 1);
  a = KaplanMeierAt(km, 4.5);  // S of the row at 3; at risk: times >= 4.5
  EXPECT_EQ(a.at_risk, 5);
  EXPECT_NEAR(a.survival, 0.75, kEps);
  a = KaplanMeierAt(km, 7);
  EXPECT_EQ(a.at_risk, 4);
  EXPECT_NEAR(a.survival, 0.3, kEps);
  EXPECT_EQ(KaplanMeierAt(km, 11).at_risk, 0);

  EXPECT_EQ(RegularTimes(25 * 365.25, TimeUnit::kYears),
            (std::vector<double>{0, 5 * 365.25, 10 * 365.25, 15 * 365.25, 20 * 365.25, 25 * 365.25}));
  EXPECT_EQ(RegularTimes(800, TimeUnit::kDays), (std::vector<double>{0, 100, 200, 300, 400, 500, 600, 700, 800}));
  EXPECT_EQ(RegularTimes(0, TimeUnit::kMonths), (std::vector<double>{0}));
  EXPECT_EQ(DaysPerUnit(TimeUnit::kMonths), 365.25 / 12);
  EXPECT_EQ(ParseTimeUnit("weeks"), std::nullopt);
}

// Competing risks, eight spells (days, cause; 0 = censored): (1,0) (2,a) (2,b) (3,a) (4,b) (4,0)
// (5,a) (6,b). Aalen–Johansen: at 2, n = 7: S = 5/7, F_a = F_b = 1/7; at 3, n = 5: S = 4/7,
// F_a = 2/7; at 4, n = 4: S = 3/7, F_b = 2/7; at 5, n = 2: S = 3/14, F_a = 1/2; at 6: S = 0, F_b = 1/2.
// Infinitesimal jackknife: the influence U_i = ∂p/∂w_i of each observation, variance Σ U_i².
// At 2 (S before = 1, e = S/n = 1/7, h = 2/7): the 5 still at risk have U = (S: +e·h = 2/49,
// a: −e·h_a = −1/49, b: −1/49); the one leaving to a has (2/49 − 7/49, −1/49 + 7/49, −1/49) =
// (−5/49, 6/49, −1/49), to b likewise; the one censored at 1 has 0. So
//   var S = (5·4 + 2·25)/2401 → se sqrt(70)/49,  var F_a = (5 + 36 + 1)/2401 → se sqrt(42)/49.
// At 3 (e = (5/7)/5 = 1/7, h_a = 1/5): carried forward, the two who left at 2 become
// (−4/49, 5/49, −1/49)·… — worked through: var S = 84/2401, var F_a = 70/2401, var F_b = 42/2401.
// R (survfit with a factor status) prints the same:
//   std.err (s0) .170746944190628 .187043905916565 .187043905916565 .178060493536889 0
//           a    .132260014253222 .170746944190628 .170746944190628 .208248281958761 .208248281958761
//           b    .132260014253222 .132260014253222 .170746944190628 .170746944190628 .208248281958761
//   lower a .0232724690988145 .0885608420584078 .0885608420584078 .2210280979450874 .2210280979450874
TEST(SurvivalTest, CompetingRisksByHand) {
  const std::vector<int32_t> t{1, 2, 2, 3, 4, 4, 5, 6};
  const std::vector<uint32_t> c{0, 1, 2, 1, 2, 0, 1, 2};
  Result<CompetingRisks> r = EstimateCompetingRisks(t, c, 2);
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_EQ(r->time, (std::vector<int32_t>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(r->at_risk, (std::vector<int64_t>{8, 7, 5, 4, 2, 1}));
  EXPECT_EQ(r->events, 6);
  const IncidenceCurve& a = r->causes[0];
  const IncidenceCurve& b = r->causes[1];
  EXPECT_EQ(a.events, 3);
  EXPECT_EQ(b.events_at, (std::vector<int64_t>{0, 1, 0, 1, 0, 1}));
  const double s[] = {1, 5.0 / 7, 4.0 / 7, 3.0 / 7, 3.0 / 14, 0};
  const double fa[] = {0, 1.0 / 7, 2.0 / 7, 2.0 / 7, 0.5, 0.5};
  const double fb[] = {0, 1.0 / 7, 1.0 / 7, 2.0 / 7, 2.0 / 7, 0.5};
  for (size_t j = 0; j < 6; ++j) {
    EXPECT_NEAR(r->survival[j], s[j], kEps);
    EXPECT_NEAR(a.incidence[j], fa[j], kEps);
    EXPECT_NEAR(b.incidence[j], fb[j], kEps);
    EXPECT_NEAR(r->survival[j] + a.incidence[j] + b.incidence[j], 1, kEps);
  }
  EXPECT_NEAR(r->survival_std_err[1], std::sqrt(70.0) / 49, kEps);
  EXPECT_NEAR(a.std_err[1], std::sqrt(42.0) / 49, kEps);
  EXPECT_NEAR(r->survival_std_err[2], std::sqrt(84.0) / 49, kEps);
  EXPECT_NEAR(a.std_err[2], std::sqrt(70.0) / 49, kEps);
  EXPECT_NEAR(b.std_err[2], std::sqrt(42.0) / 49, kEps);
  // The rest from R.
  const double se_s[] = {0, .170746944190628, .187043905916565, .187043905916565, .178060493536889, 0};
  const double se_a[] = {0, .132260014253222, .170746944190628, .170746944190628, .208248281958761, .208248281958761};
  const double se_b[] = {0, .132260014253222, .132260014253222, .170746944190628, .170746944190628, .208248281958761};
  const double lo_a[] = {NAN, .0232724690988145, .0885608420584078, .0885608420584078, .2210280979450874,
                         .2210280979450874};
  for (size_t j = 0; j < 6; ++j) {
    EXPECT_NEAR(r->survival_std_err[j], se_s[j], 1e-14);
    EXPECT_NEAR(a.std_err[j], se_a[j], 1e-14);
    EXPECT_NEAR(b.std_err[j], se_b[j], 1e-14);
    if (j == 0) {
      EXPECT_TRUE(std::isnan(a.lower[j]));  // F = 0: no interval
    } else {
      EXPECT_NEAR(a.lower[j], lo_a[j], 1e-14);
    }
  }
  EXPECT_NEAR(a.upper[1], 0.876922993372703, 1e-14);  // R
  EXPECT_EQ(a.upper[4], 1.0);                          // capped
}

// Populations: test_util's Small framework (tech: junior < mid < senior; mgmt: lead < head;
// destinations outside, left-it). Role spells and their durations in days:
//   a junior 2000-01-01..2002-01-01  731, ended (the title change in 2000-07 is not a move) → mid
//   a mid    2002-01-01..            ongoing: censored at as-of
//   b mid    2001-01-01..2003-01-01  730, ended → left-it (the left-it spell itself is skipped)
//   b lead   2004-01-01..2006-01-01  731, ended, nothing after → outside
//   c senior 2003-01-01..2010-01-01  2557, ended → outside (or censored at an earlier as-of)
//   d head   2009-01-01..            ongoing
// Default as-of: the latest date, c's end 2010-01-01: a mid is censored at 2922, d head at 365.
constexpr const char* kCareers =
    "person_id,role,title,start,end\n"
    "a,junior,,2000-01-01,2000-07-01\n"
    "a,junior,Jr. Engineer,2000-07-01,2002-01-01\n"
    "a,mid,,2002-01-01,\n"
    "b,mid,,2001-01-01,2003-01-01\n"
    "b,left-it,,2003-01-01,2004-01-01\n"
    "b,lead,,2004-01-01,2006-01-01\n"
    "c,senior,,2003-01-01,2010-01-01\n"
    "d,head,,2009-01-01,\n";

Population Load(const Framework& fw) {
  Result<CareerBatch> b = ParseCareerBatch(kCareers, "t.csv", CareerFormat::kCsv, fw);
  EXPECT_TRUE(b) << b.error().message();
  return b ? std::move(b->population) : Population();
}

TEST(SurvivalTest, RoleSpellsMergeTitlesSkipDestinationsAndCensorAtTheLatestDate) {
  const Framework fw = testing::Small();
  const Population pop = Load(fw);
  EXPECT_EQ(LatestDate(pop), DaysFromCivil(2010, 1, 1));
  Result<RoleSpells> r = ExtractRoleSpells(pop, fw);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->as_of, DaysFromCivil(2010, 1, 1));
  EXPECT_EQ(r->time, (std::vector<int32_t>{731, 2922, 730, 731, 2557, 365}));
  EXPECT_EQ(r->status, (std::vector<uint8_t>{1, 0, 1, 1, 1, 0}));
  EXPECT_EQ(r->roles, (std::vector<std::string>{"junior", "mid", "senior", "lead", "head"}));
  EXPECT_EQ(r->role, (std::vector<uint32_t>{0, 1, 1, 3, 2, 4}));
  EXPECT_EQ(r->causes, (std::vector<std::string>{"tech", "mgmt", "outside", "left-it"}));
  EXPECT_EQ(r->cause, (std::vector<uint32_t>{1, 0, 4, 3, 3, 0}));  // tech (junior → mid), -, left-it, outside, outside

  TenureOptions o;
  o.level = TransitionLevel::kRole;
  r = ExtractRoleSpells(pop, fw, o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->causes, (std::vector<std::string>{"junior", "mid", "senior", "lead", "head", "outside", "left-it"}));
  EXPECT_EQ(r->cause, (std::vector<uint32_t>{2, 0, 7, 6, 6, 0}));
}

TEST(SurvivalTest, AsOfCensorsLaterEndsAndDropsLaterStarts) {
  const Framework fw = testing::Small();
  TenureOptions o;
  o.as_of = DaysFromCivil(2008, 1, 1);
  Result<RoleSpells> r = ExtractRoleSpells(Load(fw), fw, o);
  ASSERT_TRUE(r);
  // a mid censored at 2008-01-01 − 2002-01-01; c senior at 2008 − 2003; d head (2009) left out.
  EXPECT_EQ(r->time, (std::vector<int32_t>{731, 2191, 730, 731, 1826}));
  EXPECT_EQ(r->status, (std::vector<uint8_t>{1, 0, 1, 1, 0}));
  // An end on the as-of date is an event.
  o.as_of = DaysFromCivil(2006, 1, 1);
  r = ExtractRoleSpells(Load(fw), fw, o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, (std::vector<uint8_t>{1, 0, 1, 1, 0}));
  EXPECT_EQ(r->time[3], 731);
}

// The pooled curve of the six spells: 365+, 730, 731, 731, 2557, 2922+.
//   730: n 5, S = 4/5; 731: n 4, d 2, S = 4/5 · 2/4 = .4; 2557: n 2, S = .2. Median: 731.
// Competing risks by track: left-it at 730 (1/5), tech and outside at 731 (each .8 · 1/4 = .2),
// outside at 2557 (+ .4 · 1/2): tech .2, outside .4, left-it .2 — with S = .2, they sum to 1.
TEST(SurvivalTest, TenurePooledByRoleAndByDestination) {
  const Framework fw = testing::Small();
  TenureOptions o;
  o.by_destination = true;
  Result<TenureResult> r = ComputeTenure(Load(fw), fw, o);
  ASSERT_TRUE(r) << r.error().message();
  const KaplanMeier& km = r->survival;
  EXPECT_EQ(km.n, 6);
  EXPECT_EQ(km.events, 4);
  ASSERT_EQ(km.curve.size(), 5u);
  EXPECT_NEAR(km.curve[1].survival, 0.8, kEps);
  EXPECT_NEAR(km.curve[2].survival, 0.4, kEps);
  EXPECT_NEAR(km.curve[3].survival, 0.2, kEps);
  EXPECT_EQ(km.median().time, 731.0);

  ASSERT_EQ(r->by_role.size(), 5u);  // framework order; every role has a spell
  EXPECT_EQ(r->by_role[0].role, "junior");
  EXPECT_EQ(r->by_role[0].track, "tech");
  EXPECT_EQ(r->by_role[1].role, "mid");
  EXPECT_EQ(r->by_role[1].n, 2);
  EXPECT_EQ(r->by_role[1].events, 1);
  // 730 then 2922+: S = .5 from 730 to the end, so R's midpoint with the last time.
  EXPECT_EQ(r->by_role[1].quartiles[1].time, (730.0 + 2922.0) / 2);
  EXPECT_EQ(r->by_role[1].quartiles[0].time, 730.0);
  EXPECT_EQ(r->by_role[4].role, "head");
  EXPECT_EQ(r->by_role[4].events, 0);

  EXPECT_EQ(r->causes, (std::vector<std::string>{"tech", "outside", "left-it"}));  // mgmt: no event
  const CompetingRisks& cr = r->incidence;
  ASSERT_EQ(cr.causes.size(), 3u);
  EXPECT_NEAR(cr.causes[0].incidence.back(), 0.2, kEps);
  EXPECT_NEAR(cr.causes[1].incidence.back(), 0.4, kEps);
  EXPECT_NEAR(cr.causes[2].incidence.back(), 0.2, kEps);
  for (size_t j = 0; j < cr.time.size(); ++j) {
    EXPECT_NEAR(cr.survival[j], km.curve[j].survival, kEps);  // Aalen–Johansen's S is Kaplan–Meier
  }
}

// --role: the mid role alone (730, 2922+; median as above); --track: its roles pooled, by role.
TEST(SurvivalTest, SelectedRoleAndTrack) {
  const Framework fw = testing::Small();
  TenureOptions o;
  o.role = "mid";
  Result<TenureResult> r = ComputeTenure(Load(fw), fw, o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->survival.n, 2);
  EXPECT_TRUE(r->by_role.empty());
  EXPECT_EQ(r->survival.median().time, (730.0 + 2922.0) / 2);

  o.role.clear();
  o.track = "mgmt";
  r = ComputeTenure(Load(fw), fw, o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->survival.n, 2);  // b lead, d head
  ASSERT_EQ(r->by_role.size(), 2u);
  EXPECT_EQ(r->by_role[0].role, "lead");
}

TEST(SurvivalTest, RejectsUnknownRoleTrackAndMismatch) {
  const Framework fw = testing::Small();
  const Population pop = Load(fw);
  TenureOptions o;
  o.role = "cto";
  Result<TenureResult> r = ComputeTenure(pop, fw, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.error().message(), "--role 'cto': not a role of framework 'small' 1; expected one of 'junior', "
                                 "'mid', 'senior', 'lead', 'head'");
  o.role.clear();
  o.track = "sales";
  r = ComputeTenure(pop, fw, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "--track 'sales': not a track of framework 'small' 1; expected one of 'tech', 'mgmt'");
  o.role = "lead";
  o.track = "tech";
  r = ComputeTenure(pop, fw, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "--role 'lead' is in track 'mgmt', not in --track 'tech'");
}

// ComputeTenure counts into histograms when durations span a modest range (the usual case) and
// goes through arrays and EstimateKaplanMeier otherwise; both must give what the arrays give.
void ExpectSameAsArrays(const Population& pop, const Framework& fw, TenureOptions o) {
  o.by_destination = true;
  Result<TenureResult> r = ComputeTenure(pop, fw, o);
  Result<RoleSpells> spells = ExtractRoleSpells(pop, fw, o);
  ASSERT_TRUE(r && spells);
  Result<KaplanMeier> km = EstimateKaplanMeier(spells->time, spells->status);
  Result<CompetingRisks> cr =
      EstimateCompetingRisks(spells->time, spells->cause, static_cast<uint32_t>(spells->causes.size()));
  ASSERT_TRUE(km && cr);
  ASSERT_EQ(r->survival.curve.size(), km->curve.size());
  for (size_t j = 0; j < km->curve.size(); ++j) {
    EXPECT_EQ(r->survival.curve[j].time, km->curve[j].time);
    EXPECT_EQ(r->survival.curve[j].at_risk, km->curve[j].at_risk);
    EXPECT_EQ(r->survival.curve[j].survival, km->curve[j].survival);
  }
  EXPECT_EQ(r->survival.median().time, km->median().time);
  size_t kept = 0;
  for (size_t k = 0; k < cr->causes.size(); ++k) {
    if (cr->causes[k].events == 0) continue;
    ASSERT_LT(kept, r->causes.size());
    EXPECT_EQ(r->causes[kept], spells->causes[k]);
    EXPECT_EQ(r->incidence.causes[kept].incidence, cr->causes[k].incidence);
    EXPECT_EQ(r->incidence.causes[kept].std_err, cr->causes[k].std_err);
    ++kept;
  }
  EXPECT_EQ(kept, r->causes.size());
}

TEST(SurvivalTest, HistogramAndArrayPathsAgree) {
  const Framework fw = testing::Small();
  ExpectSameAsArrays(Load(fw), fw, {});  // histograms
  TenureOptions o;
  o.as_of = DaysFromCivil(2008, 1, 1);
  ExpectSameAsArrays(Load(fw), fw, o);
  // A spell in the year 1200 stretches the range to 800 years of days: the array path.
  const std::string wide = std::string(kCareers) + "e,lead,,1200-03-01,1201-01-01\ne,head,,1201-01-01,1210\n";
  Result<CareerBatch> b = ParseCareerBatch(wide, "t.csv", CareerFormat::kCsv, fw);
  ASSERT_TRUE(b) << b.error().message();
  ExpectSameAsArrays(b->population, fw, {});
  Result<TenureResult> r = ComputeTenure(b->population, fw, {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->survival.n, 8);
  ASSERT_EQ(r->by_role.size(), 5u);
  EXPECT_EQ(r->by_role[3].role, "lead");
  EXPECT_EQ(r->by_role[3].n, 2);
}

TEST(SurvivalTest, SvgDrawsCurveBandMedianAndAtRisk) {
  const KaplanMeier km = Km({2, 3, 3, 5, 7, 7, 8, 10}, {1, 1, 0, 1, 1, 1, 0, 1});
  const std::string svg = SurvivalSvg(km, TimeUnit::kDays, "Time in <role>");
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  EXPECT_NE(svg.find("Time in &lt;role&gt;"), std::string::npos);
  EXPECT_NE(svg.find("class=\"survival\""), std::string::npos);
  EXPECT_NE(svg.find("class=\"band\""), std::string::npos);
  EXPECT_NE(svg.find("class=\"median\""), std::string::npos);
  EXPECT_NE(svg.find("median 7 days"), std::string::npos);
  EXPECT_NE(svg.find("Number at risk"), std::string::npos);
  EXPECT_NE(svg.find("class=\"at-risk\">8<"), std::string::npos);  // at 0

  const std::vector<int32_t> t{1, 2, 2, 3, 4, 4, 5, 6};
  const std::vector<uint32_t> c{0, 1, 2, 1, 2, 0, 1, 2};
  Result<CompetingRisks> r = EstimateCompetingRisks(t, c, 2);
  ASSERT_TRUE(r);
  const std::string inc = IncidenceSvg(*r, {"left-it", "mgmt"}, TimeUnit::kYears, "Where they go", false);
  EXPECT_EQ(inc.rfind("<svg", 0), 0u);
  EXPECT_NE(inc.find("data-cause=\"left-it\""), std::string::npos);
  EXPECT_NE(inc.find("data-cause=\"mgmt\""), std::string::npos);
  EXPECT_NE(inc.find("left-it (50 %)"), std::string::npos);
}

TEST(SurvivalTest, SvgOfAManyStepCurveStaysSmall) {
  std::vector<int32_t> t;
  std::vector<uint8_t> s;
  for (int i = 0; i < 200000; ++i) {
    t.push_back(i % 20000);
    s.push_back(i % 3 != 0);
  }
  const KaplanMeier km = Km(t, s);
  EXPECT_GT(km.curve.size(), 19000u);
  EXPECT_LT(SurvivalSvg(km, TimeUnit::kYears, "big").size(), 120000u);
}

}  // namespace
}  // namespace careergraph
