// TraMineR's descriptive statistics (analysis/sequence_describe.h): on mvad, every number
// Gabadinho et al. (2011, JSS 40(4)) print — the weighted state distributions of Sep.93 and
// Apr.94 with their entropies, the most frequent sequences, the first five sequences in
// distinct-successive-state form — and, on small hand-made sequences, each definition worked
// out by hand in the comments.
#include "careergraph/analysis/sequence_describe.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "test_util.h"

namespace careergraph {
namespace {

using testing::MvadSequences;

double Round(double x, int digits) {
  const double scale = std::pow(10.0, digits);
  return std::round(x * scale) / scale;
}

size_t PeriodIndex(const StateDistribution& d, const std::string& label) {
  for (size_t t = 0; t < d.periods.size(); ++t) {
    if (d.periods[t] == label) return t;
  }
  ADD_FAILURE() << "no period " << label;
  return 0;
}

TEST(SeqDescribeTest, MvadStateDistributionAsPublished) {
  const StateDistribution d = SeqStateDistribution(MvadSequences());  // weighted, as seqstatd
  ASSERT_EQ(d.states, (std::vector<std::string>{"EM", "FE", "HE", "JL", "SC", "TR"}));
  ASSERT_EQ(d.periods.size(), 70u);
  // The paper's table for Sep.93 and Apr.94, three digits; entropy two.
  const size_t sep93 = PeriodIndex(d, "Sep.93"), apr94 = PeriodIndex(d, "Apr.94");
  const double sep[6] = {0.034, 0.223, 0.000, 0.048, 0.472, 0.223};
  const double apr[6] = {0.067, 0.200, 0.000, 0.067, 0.446, 0.220};
  for (size_t s = 0; s < 6; ++s) {
    EXPECT_NEAR(Round(d.share(s, sep93), 3), sep[s], 1e-9) << d.states[s] << " Sep.93: " << d.share(s, sep93);
    EXPECT_NEAR(Round(d.share(s, apr94), 3), apr[s], 1e-9) << d.states[s] << " Apr.94: " << d.share(s, apr94);
  }
  EXPECT_NEAR(Round(d.entropy[sep93], 2), 0.72, 1e-9) << d.entropy[sep93];
  EXPECT_NEAR(Round(d.entropy[apr94], 2), 0.77, 1e-9) << d.entropy[apr94];
  // Every sequence is observed at every month: the valid states are the total weight.
  for (size_t t = 0; t < d.periods.size(); ++t) EXPECT_NEAR(d.valid[t], d.total_weight, 1e-9);
  // Shares sum to one.
  for (size_t t = 0; t < d.periods.size(); ++t) {
    double sum = 0;
    for (size_t s = 0; s < 6; ++s) sum += d.share(s, t);
    EXPECT_NEAR(sum, 1.0, 1e-12);
  }
}

TEST(SeqDescribeTest, MvadMostFrequentSequencesAsPublished) {
  const std::vector<SequenceFrequency> tab = SeqFrequencies(MvadSequences());
  ASSERT_GE(tab.size(), 4u);
  EXPECT_EQ(tab.size(), 490u);  // every distinct sequence
  // The paper's seqtab(mvad.seq, tlim = 1:4): weighted frequencies to 2 digits, 4.7 %.
  EXPECT_EQ(tab[0].label, "SC/24-HE/46");
  EXPECT_NEAR(Round(tab[0].weight, 2), 33.43, 1e-9) << tab[0].weight;
  EXPECT_NEAR(Round(tab[0].percent, 1), 4.7, 1e-9) << tab[0].percent;
  EXPECT_EQ(tab[1].label, "SC/25-HE/45");
  EXPECT_NEAR(Round(tab[1].weight, 2), 24.62, 1e-9) << tab[1].weight;
  EXPECT_EQ(tab[2].label, "TR/22-EM/48");
  EXPECT_NEAR(Round(tab[2].weight, 2), 17.88, 1e-9) << tab[2].weight;
  EXPECT_EQ(tab[3].label, "EM/70");
  EXPECT_NEAR(Round(tab[3].weight, 2), 15.17, 1e-9) << tab[3].weight;
  double percent = 0;
  uint32_t rows = 0;
  for (const SequenceFrequency& f : tab) {
    percent += f.percent;
    rows += f.count;
  }
  EXPECT_NEAR(percent, 100.0, 1e-9);
  EXPECT_EQ(rows, 712u);
  // Unweighted, counts are row counts.
  SeqDescribeOptions unweighted;
  unweighted.weighted = false;
  for (const SequenceFrequency& f : SeqFrequencies(MvadSequences(), unweighted)) {
    EXPECT_DOUBLE_EQ(f.weight, f.count);
  }
}

TEST(SeqDescribeTest, MvadFirstFiveSequencesInStatePermanenceForm) {
  const SequenceSet& s = MvadSequences();
  const std::vector<std::string> published = {
      "(EM,4)-(TR,2)-(EM,64)",  "(FE,36)-(HE,34)", "(TR,24)-(FE,34)-(EM,10)-(JL,2)",
      "(TR,47)-(EM,14)-(JL,9)", "(FE,25)-(HE,45)",
  };
  for (size_t i = 0; i < published.size(); ++i) EXPECT_EQ(SpellsSps(s, SeqSpells(s, i)), published[i]);
}

TEST(SeqDescribeTest, MvadMeanTimesAddUpToTheLength) {
  const MeanTimes m = SeqMeanTimes(MvadSequences());
  double sum = 0;
  for (double x : m.mean) sum += x;
  EXPECT_NEAR(sum, 70.0, 1e-9);  // no missing, no void: 70 months in all
  for (size_t s = 0; s < m.states.size(); ++s) {
    EXPECT_GT(m.variance[s], 0);
    EXPECT_NEAR(m.se[s], std::sqrt(m.variance[s] / m.total_weight), 1e-12);
  }
}

// Two sequences over A, B (weights 1 and 3):
//   x = A A B B B A   spells (A,2)(B,3)(A,1)
//   y = B B * B %     missing at 3, void at 5: valid B B B, one spell (B,3)
SequenceSet Tiny() {
  Result<SequenceSet> s =
      SequenceSet::FromStates({"A", "B"}, {{"A", "A", "B", "B", "B", "A"}, {"B", "B", "*", "B", "%", "%"}},
                              {"1", "2", "3", "4", "5", "6"}, {1.0, 3.0});
  EXPECT_TRUE(s) << s.error().message();
  return std::move(*s);
}

TEST(SeqDescribeTest, TinyStateDistribution) {
  const SequenceSet s = Tiny();
  // Position 1: A (w 1), B (w 3) → 0.25, 0.75; entropy −(.25 ln .25 + .75 ln .75)/ln 2 = 0.811278.
  // Position 3: B (w 1) and missing → B 1.0 over 1 valid, entropy 0.
  // Position 5: B (w 1), void → 1 valid.   Position 6: A (w 1).
  const StateDistribution d = SeqStateDistribution(s);
  EXPECT_DOUBLE_EQ(d.share(0, 0), 0.25);
  EXPECT_DOUBLE_EQ(d.share(1, 0), 0.75);
  EXPECT_NEAR(d.entropy[0], 0.8112781244591328, 1e-12);
  EXPECT_DOUBLE_EQ(d.valid[2], 1.0);
  EXPECT_DOUBLE_EQ(d.entropy[2], 0.0);
  EXPECT_DOUBLE_EQ(d.total_weight, 4.0);
  // With missing as a state: position 3 is B (w 1), * (w 3) over 4; the entropy over 3 states.
  SeqDescribeOptions with_missing;
  with_missing.with_missing = true;
  const StateDistribution m = SeqStateDistribution(s, with_missing);
  ASSERT_EQ(m.states.back(), "*");
  EXPECT_DOUBLE_EQ(m.share(2, 2), 0.75);
  EXPECT_NEAR(m.entropy[2], 0.8112781244591328 * std::log(2.0) / std::log(3.0), 1e-12);
  // Unnormalised: the natural-log entropy.
  const StateDistribution raw = SeqStateDistribution(s, {}, /*normalize_entropy=*/false);
  EXPECT_NEAR(raw.entropy[0], 0.8112781244591328 * std::log(2.0), 1e-12);
  // A position with nothing valid has no entropy (NaN, as TraMineR).
  Result<SequenceSet> gap = SequenceSet::FromStates({"A"}, {{"A", "*"}});
  ASSERT_TRUE(gap);
  EXPECT_TRUE(std::isnan(SeqStateDistribution(*gap).entropy[1]));
}

TEST(SeqDescribeTest, TinyMeanTimes) {
  // Time in A: x 3, y 0; in B: x 3, y 3. Weighted means (W = 4): A 3/4, B 3.
  // Var(A) = Σw(x − m)² · W/(W² − Σw²) = (1·2.25² + 3·0.75²) · 4/(16 − 10) = 6.75 · 2/3 = 4.5.
  const MeanTimes m = SeqMeanTimes(Tiny());
  EXPECT_DOUBLE_EQ(m.mean[0], 0.75);
  EXPECT_DOUBLE_EQ(m.mean[1], 3.0);
  EXPECT_DOUBLE_EQ(m.variance[0], 4.5);
  EXPECT_DOUBLE_EQ(m.variance[1], 0.0);
  EXPECT_DOUBLE_EQ(m.se[0], std::sqrt(4.5 / 4));
  SeqDescribeOptions unweighted;
  unweighted.weighted = false;
  const MeanTimes u = SeqMeanTimes(Tiny(), unweighted);
  EXPECT_DOUBLE_EQ(u.mean[0], 1.5);      // (3 + 0)/2
  EXPECT_DOUBLE_EQ(u.variance[0], 4.5);  // ((1.5² + 1.5²)) · 2/(4 − 2)
}

TEST(SeqDescribeTest, TinySpellsAndIndicators) {
  const SequenceSet s = Tiny();
  EXPECT_EQ(SpellsLabel(s, SeqSpells(s, 0)), "A/2-B/3-A/1");
  EXPECT_EQ(SpellsLabel(s, SeqSpells(s, 1)), "B/3");  // the missing position dropped: B B B
  SeqDescribeOptions with_missing;
  with_missing.with_missing = true;
  EXPECT_EQ(SpellsSps(s, SeqSpells(s, 1, with_missing)), "(B,2)-(*,1)-(B,1)");

  const std::vector<SequenceIndicators> x = SeqIndicators(s);
  // x: length 6, 3 spells, 2 transitions; entropy of (3, 3) over 2 states = 1.
  // Turbulence: φ(ABA) = 7 ("", A, B, AA, AB, BA, ABA); durations 2, 3, 1: mean 2, variance
  // 2/3, s²max = (3 − 1)(1 − 2)² = 2: log2(7 · 3/(5/3)) = log2(12.6).
  // Complexity: sqrt(2/5 · 1).
  EXPECT_EQ(x[0].length, 6);
  EXPECT_EQ(x[0].spells, 3);
  EXPECT_EQ(x[0].transitions, 2);
  EXPECT_DOUBLE_EQ(x[0].entropy, 1.0);
  EXPECT_NEAR(x[0].turbulence, std::log2(12.6), 1e-12);
  EXPECT_NEAR(x[0].complexity, std::sqrt(0.4), 1e-12);
  // y: B B B: length 3, one spell; φ(B) = 2, variance 0, s²max 0: log2 2 = 1; complexity 0.
  EXPECT_EQ(x[1].length, 3);
  EXPECT_EQ(x[1].transitions, 0);
  EXPECT_DOUBLE_EQ(x[1].entropy, 0.0);
  EXPECT_DOUBLE_EQ(x[1].turbulence, 1.0);
  EXPECT_DOUBLE_EQ(x[1].complexity, 0.0);
}

TEST(SeqDescribeTest, DistinctSubsequencesByHand) {
  EXPECT_EQ(DistinctSubsequences({}), 1);  // the empty one
  EXPECT_EQ(DistinctSubsequences({0}), 2);
  EXPECT_EQ(DistinctSubsequences({0, 1}), 4);     // "", A, B, AB
  EXPECT_EQ(DistinctSubsequences({0, 1, 0}), 7);  // and AA, BA, ABA
  EXPECT_EQ(DistinctSubsequences({0, 0}), 3);     // "", A, AA
  EXPECT_EQ(DistinctSubsequences({0, 1, 2}), 8);  // all 2³ subsets differ
}

TEST(SeqDescribeTest, FrequencyTiesAreOrderedByLabel) {
  Result<SequenceSet> s = SequenceSet::FromStates({"A", "B"}, {{"B", "B"}, {"A", "A"}, {"A", "B"}, {"B", "B"}});
  ASSERT_TRUE(s);
  const std::vector<SequenceFrequency> tab = SeqFrequencies(*s);
  ASSERT_EQ(tab.size(), 3u);
  EXPECT_EQ(tab[0].label, "B/2");      // 2 rows
  EXPECT_EQ(tab[1].label, "A/1-B/1");  // tie at 1: by label
  EXPECT_EQ(tab[2].label, "A/2");
  EXPECT_EQ(tab[0].first_row, 0u);
  EXPECT_DOUBLE_EQ(tab[0].percent, 50.0);
}

}  // namespace
}  // namespace careergraph
