// Sequence distances (analysis/sequence_distance.h): every method and normalisation on hand-made
// pairs worked out in the comments; the run-length fast path against the plain cell-by-cell
// dynamic programme on thousands of random pairs and costs (exactness is the claim that makes
// it admissible); the seqcost constructions (CONSTANT, TRATE, time-varying TRATE); cost files
// with their errors; cancellation; and mvad: 490 distinct sequences, OM with TRATE costs.
#include "careergraph/analysis/sequence_distance.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "test_util.h"

namespace careergraph {
namespace {

using testing::MvadSequences;

SequenceSet Seqs(std::vector<std::string> alphabet, const std::vector<std::vector<std::string>>& rows) {
  Result<SequenceSet> s = SequenceSet::FromStates(std::move(alphabet), rows);
  EXPECT_TRUE(s.has_value()) << s.error().message();
  return *s;
}

// The distance between rows 0 and 1.
double Pair(const SequenceSet& s, const SeqDistOptions& o) {
  const DistinctSequences d = FindDistinct(s);
  Result<DistanceMatrix> m = SeqDistances(s, d, o);
  EXPECT_TRUE(m.has_value()) << m.error().message();
  if (!m.has_value()) return NAN;
  if (d.of_row[0] == d.of_row[1]) return 0;
  return m->at(d.of_row[0], d.of_row[1]);
}

SeqDistOptions Om(const SequenceSet& s, double cval, double indel, SeqNorm norm = SeqNorm::kNone) {
  SeqDistOptions o;
  o.sm = *ConstantCosts(s, cval, false);
  o.indel = indel;
  o.norm = norm;
  return o;
}

TEST(SeqDistanceTest, OptimalMatchingByHand) {
  // AAB vs ABB: one substitution (cost c) or one deletion and one insertion (2·indel).
  const SequenceSet s = Seqs({"A", "B"}, {{"A", "A", "B"}, {"A", "B", "B"}});
  EXPECT_DOUBLE_EQ(Pair(s, Om(s, 2, 1)), 2);
  EXPECT_DOUBLE_EQ(Pair(s, Om(s, 1, 1)), 1);    // substitution cheaper
  EXPECT_DOUBLE_EQ(Pair(s, Om(s, 5, 1)), 2);    // two indels cheaper
  EXPECT_DOUBLE_EQ(Pair(s, Om(s, 5, 0.5)), 1);  // indel 0.5 twice
  // Normalised: maxlength 2/3; maxdist = |n−m|·indel + min(max sm, 2·indel)·min(n, m) = 0 + 2·3 = 6.
  EXPECT_DOUBLE_EQ(Pair(s, Om(s, 2, 1, SeqNorm::kMaxLength)), 2.0 / 3);
  EXPECT_DOUBLE_EQ(Pair(s, Om(s, 2, 1, SeqNorm::kAuto)), 2.0 / 3);
  EXPECT_DOUBLE_EQ(Pair(s, Om(s, 2, 1, SeqNorm::kMaxDist)), 2.0 / 6);
  // gmean: 1 − (maxdist − raw)/(2·√n·√m) = 1 − (6 − 2)/6.
  EXPECT_DOUBLE_EQ(Pair(s, Om(s, 2, 1, SeqNorm::kGMean)), 1 - 4.0 / 6);
  // YujianBo: maxdist with 2·indel as the largest substitution = 6; 2·raw/(raw + maxdist) = 4/8.
  EXPECT_DOUBLE_EQ(Pair(s, Om(s, 2, 1, SeqNorm::kYujianBo)), 0.5);

  // Different lengths: ABBA vs AB (void-padded): delete the last BA → 2 indels.
  const SequenceSet u = Seqs({"A", "B"}, {{"A", "B", "B", "A"}, {"A", "B"}});
  EXPECT_DOUBLE_EQ(Pair(u, Om(u, 2, 1)), 2);
  // maxlength divides by the longer: 2/4; maxdist = 2·1 + 2·2 = 6.
  EXPECT_DOUBLE_EQ(Pair(u, Om(u, 2, 1, SeqNorm::kMaxLength)), 0.5);
  EXPECT_DOUBLE_EQ(Pair(u, Om(u, 2, 1, SeqNorm::kMaxDist)), 2.0 / 6);
}

TEST(SeqDistanceTest, OptimalMatchingWithACostMatrix) {
  // A↔B cheap (0.5), A↔C and B↔C dear (3 > 2·indel: never used). ACB vs BCA:
  // substitute A→B and B→A at 0.5 each = 1, C matches.
  const SequenceSet s = Seqs({"A", "B", "C"}, {{"A", "C", "B"}, {"B", "C", "A"}});
  Result<SubstitutionCosts> sm =
      ParseSubstitutionCosts(",A,B,C\nA,0,0.5,3\nB,0.5,0,3\nC,3,3,0\n", "costs.csv", s, false);
  ASSERT_TRUE(sm.has_value()) << sm.error().message();
  EXPECT_DOUBLE_EQ(sm->indel, 1.5);  // max(sm)/2, seqdist's indel "auto"
  SeqDistOptions o;
  o.sm = *sm;
  o.indel = 1;
  EXPECT_DOUBLE_EQ(Pair(s, o), 1);
  // indel auto (1.5): still 1.
  o.indel.reset();
  EXPECT_DOUBLE_EQ(Pair(s, o), 1);
}

TEST(SeqDistanceTest, LcsLcpRlcpHamByHand) {
  const SequenceSet s = Seqs({"A", "B", "C"}, {{"A", "B", "C", "A"}, {"B", "A", "C", "A"}});
  SeqDistOptions o;
  // LCS("ABCA", "BACA") = 3 ("ACA"): n + m − 2·3 = 2; gmean: 1 − (8 − 2)/(2·4) = 0.25.
  o.method = SeqDistMethod::kLCS;
  EXPECT_DOUBLE_EQ(Pair(s, o), 2);
  o.norm = SeqNorm::kAuto;
  EXPECT_DOUBLE_EQ(Pair(s, o), 0.25);
  // LCP: no common prefix → 8; RLCP: common suffix "CA" → 8 − 4 = 4.
  o.norm = SeqNorm::kNone;
  o.method = SeqDistMethod::kLCP;
  EXPECT_DOUBLE_EQ(Pair(s, o), 8);
  o.method = SeqDistMethod::kRLCP;
  EXPECT_DOUBLE_EQ(Pair(s, o), 4);
  o.norm = SeqNorm::kAuto;  // gmean: 1 − (8 − 4)/8
  EXPECT_DOUBLE_EQ(Pair(s, o), 0.5);
  // HAM (CONSTANT 1 by default): positions 1 and 2 differ → 2; maxlength → 0.5.
  o.method = SeqDistMethod::kHAM;
  o.norm = SeqNorm::kNone;
  EXPECT_DOUBLE_EQ(Pair(s, o), 2);
  o.norm = SeqNorm::kAuto;
  EXPECT_DOUBLE_EQ(Pair(s, o), 0.5);
  // LCP of a common prefix run split unevenly: AAB vs AAA → prefix 2 → 6 − 4 = 2.
  const SequenceSet p = Seqs({"A", "B"}, {{"A", "A", "B"}, {"A", "A", "A"}});
  o.method = SeqDistMethod::kLCP;
  o.norm = SeqNorm::kNone;
  EXPECT_DOUBLE_EQ(Pair(p, o), 2);
  o.method = SeqDistMethod::kRLCP;  // last B vs A → 6
  EXPECT_DOUBLE_EQ(Pair(p, o), 6);
}

TEST(SeqDistanceTest, DhdWithTimeVaryingTrateCostsByHand) {
  // AAB and ABB. Transitions 1→2: from A (2 sequences) to A and B, p1(A→B) = 0.5; from B none.
  // 2→3: A→B (1 of 1), B→B: p2(A→B) = 1, p2(B→A) = 0.
  // seqcost TRATE time-varying, cval 4 (DHD's default):
  //   t = 1 (first): 4 − 2·(p1(A→B) + p1(B→A)) = 3
  //   t = 2:         4 − p1(A→B) − p1(B→A) − p2(A→B) − p2(B→A) = 2.5
  //   t = 3 (last):  4 − 2·(p2(A→B) + p2(B→A)) = 2
  const SequenceSet s = Seqs({"A", "B"}, {{"A", "A", "B"}, {"A", "B", "B"}});
  Result<SubstitutionCosts> sm = TrateCosts(s, 4, true, true, false);
  ASSERT_TRUE(sm.has_value()) << sm.error().message();
  ASSERT_EQ(sm->periods, 3u);
  EXPECT_DOUBLE_EQ(sm->at(0, 0, 1), 3);
  EXPECT_DOUBLE_EQ(sm->at(1, 0, 1), 2.5);
  EXPECT_DOUBLE_EQ(sm->at(2, 1, 0), 2);
  SeqDistOptions o;
  o.method = SeqDistMethod::kDHD;  // default costs: exactly these
  EXPECT_DOUBLE_EQ(Pair(s, o), 2.5);
  // maxlength: 2.5/3; maxdist: Σ_t max(sm_t) = 3 + 2.5 + 2.
  o.norm = SeqNorm::kAuto;
  EXPECT_DOUBLE_EQ(Pair(s, o), 2.5 / 3);
  o.norm = SeqNorm::kMaxDist;
  EXPECT_DOUBLE_EQ(Pair(s, o), 2.5 / 7.5);
}

TEST(SeqDistanceTest, ConstantAndTrateCostsFollowSeqcost) {
  const SequenceSet& mvad = MvadSequences();
  Result<SubstitutionCosts> c = ConstantCosts(mvad, 2, false);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->states, mvad.alphabet());
  EXPECT_DOUBLE_EQ(c->indel, 1);
  EXPECT_DOUBLE_EQ(c->at(0, 0, 0), 0);
  EXPECT_DOUBLE_EQ(c->at(0, 0, 5), 2);

  // TRATE: 2 − p(i→j) − p(j→i) with the weighted rates; with the paper's rounded rates (EM→JL 0.01,
  // JL→EM 0.04: sm = 1.95; FE→HE 0.01, HE→FE 0.00: 1.99; SC→HE 0.02: 1.98) to ±0.01.
  Result<SubstitutionCosts> t = TrateCosts(mvad, 2, false, true, false);
  ASSERT_TRUE(t.has_value());
  Result<TransitionRates> rates = SeqTransitionRates(mvad, {});
  ASSERT_TRUE(rates.has_value());
  double max_cost = 0;
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_DOUBLE_EQ(t->at(0, i, i), 0);
    for (size_t j = 0; j < 6; ++j) {
      if (i == j) continue;
      EXPECT_DOUBLE_EQ(t->at(0, i, j), 2 - rates->at(0, i, j) - rates->at(0, j, i));
      max_cost = std::max(max_cost, t->at(0, i, j));
    }
  }
  // EM FE HE JL SC TR
  EXPECT_NEAR(t->at(0, 0, 3), 1.95, 0.01 + 1e-9);
  EXPECT_NEAR(t->at(0, 1, 2), 1.99, 0.01 + 1e-9);
  EXPECT_NEAR(t->at(0, 4, 2), 1.98, 0.01 + 1e-9);
  EXPECT_DOUBLE_EQ(t->indel, max_cost / 2);
}

TEST(SeqDistanceTest, MissingIsAnErrorOrAnExtraState) {
  const SequenceSet s = Seqs({"A", "B"}, {{"A", "*", "B"}, {"A", "B", "B"}});
  SeqDistOptions o;
  o.method = SeqDistMethod::kHAM;
  Result<DistanceMatrix> bad = SeqDistances(s, FindDistinct(s), o);
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message().find("missing"), std::string::npos) << bad.error().message();
  EXPECT_NE(bad.error().message().find("position 2"), std::string::npos) << bad.error().message();
  o.with_missing = true;  // "*" vs B costs 1, like any other pair of states
  EXPECT_DOUBLE_EQ(Pair(s, o), 1);
  Result<SubstitutionCosts> c = ConstantCosts(s, 2, true);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->states, (std::vector<std::string>{"A", "B", "*"}));
}

TEST(SeqDistanceTest, ErrorsSayWhatWasExpected) {
  const SequenceSet s = Seqs({"A", "B"}, {{"A", "A", "B"}, {"A", "B"}});
  SeqDistOptions o;
  o.method = SeqDistMethod::kHAM;
  Result<DistanceMatrix> ham = SeqDistances(s, FindDistinct(s), o);
  ASSERT_FALSE(ham.has_value());
  EXPECT_NE(ham.error().message().find("different lengths"), std::string::npos);
  o.method = SeqDistMethod::kOM;  // no costs
  Result<DistanceMatrix> om = SeqDistances(s, FindDistinct(s), o);
  ASSERT_FALSE(om.has_value());
  EXPECT_NE(om.error().message().find("substitution costs"), std::string::npos);
  o.sm = *ConstantCosts(s, 2, false);
  o.indel = 0;
  EXPECT_FALSE(SeqDistances(s, FindDistinct(s), o).has_value());
  o.indel = 1;
  o.sm->states = {"A", "C"};
  EXPECT_FALSE(SeqDistances(s, FindDistinct(s), o).has_value());

  struct Case {
    const char* text;
    const char* expect;
  };
  const Case cases[] = {
      {"", "empty"},
      {",A,X\nA,0,1\nX,1,0\n", "costs.csv:1:3: 'X' is not a state"},
      {",A,B\nA,0,1\n", "'B' has no row"},
      {",A,B\nA,0,1\nB,1,0\nA,0,1\n", "costs.csv:4:1: state 'A' has a row already"},
      {",A,B\nA,0,x\nB,1,0\n", "costs.csv:2:3: 'x': expected a finite cost >= 0"},
      {",A,B\nA,0,-1\nB,-1,0\n", "costs.csv:2:3"},
      {",A,B\nA,1,1\nB,1,0\n", "costs.csv:2:2: the cost of 'A' to itself is 1"},
      {",A,B\nA,0,1\nB,2,0\n", "expected a symmetric matrix"},
      {",A,B\nA,0,1,3\nB,1,0\n", "costs.csv:2: 4 fields; expected 3"},
      {",A,A\nA,0,1\nB,1,0\n", "twice in the header"},
      {",A,B\n\"A,0,1\nB,1,0\n", "costs.csv:2:1: a quoted field is never closed"},
      {",A,B\nA,0,\"1\"x\nB,1,0\n", "costs.csv:2:3: unexpected character after a quoted field"},
  };
  for (const Case& c : cases) {
    Result<SubstitutionCosts> r = ParseSubstitutionCosts(c.text, "costs.csv", s, false);
    ASSERT_FALSE(r.has_value()) << c.text;
    EXPECT_NE(r.error().message().find(c.expect), std::string::npos) << r.error().message();
  }
  // States in any order, quoted, with CRLF line ends.
  Result<SubstitutionCosts> ok = ParseSubstitutionCosts("x,\"B\",A\r\nA,1,0\r\nB,0,1\r\n", "costs.csv", s, false);
  ASSERT_TRUE(ok.has_value()) << ok.error().message();
  EXPECT_DOUBLE_EQ(ok->at(0, 0, 1), 1);
}

// Random sequences made of runs (careers are), with voids at the end and, optionally, missing.
SequenceSet RandomRuns(std::mt19937_64& rng, size_t n, size_t length, size_t states, bool missing) {
  std::vector<std::string> alphabet;
  for (size_t a = 0; a < states; ++a) alphabet.push_back(std::string(1, static_cast<char>('A' + a)));
  std::vector<std::vector<std::string>> rows;
  std::uniform_int_distribution<size_t> run_len(1, std::max<size_t>(1, length / 3));
  std::uniform_int_distribution<size_t> state(0, states - 1);
  std::uniform_int_distribution<size_t> len(1, length);
  for (size_t i = 0; i < n; ++i) {
    std::vector<std::string> row;
    const size_t l = len(rng);
    while (row.size() < l) {
      const std::string s = missing && rng() % 8 == 0 ? "*" : alphabet[state(rng)];
      for (size_t k = run_len(rng); k > 0 && row.size() < l; --k) row.push_back(s);
    }
    rows.push_back(std::move(row));
  }
  return Seqs(alphabet, rows);
}

// Random symmetric costs: integers, halves and arbitrary reals, some zero, some dearer than two indels.
SubstitutionCosts RandomCosts(std::mt19937_64& rng, const SequenceSet& s, bool with_missing, int kind) {
  SubstitutionCosts c = *ConstantCosts(s, 1, with_missing);
  const size_t k = c.states.size();
  std::uniform_real_distribution<double> real(0, 3);
  for (size_t i = 0; i < k; ++i) {
    for (size_t j = i + 1; j < k; ++j) {
      double v = real(rng);
      if (kind == 0) v = std::floor(v + 0.5);
      if (kind == 1) v = std::floor(2 * v) / 2;
      c.values[i * k + j] = c.values[j * k + i] = v;
    }
  }
  return c;
}

// Sets CG_SEQDIST_ISA for the lifetime of the guard (SeqDistances reads it at each call).
class IsaGuard {
 public:
  explicit IsaGuard(const std::string& isa) { setenv("CG_SEQDIST_ISA", isa.c_str(), 1); }
  ~IsaGuard() { unsetenv("CG_SEQDIST_ISA"); }
};

// Forces the run-length kernel (CG_SEQDIST_RLE) for the lifetime of the guard.
class RleGuard {
 public:
  RleGuard() { setenv("CG_SEQDIST_RLE", "1", 1); }
  ~RleGuard() { unsetenv("CG_SEQDIST_RLE"); }
};

TEST(SeqDistanceTest, RunLengthOptimalMatchingIsExactlyThePlainDynamicProgramme) {
  RleGuard rle;  // the lane kernel would be chosen for these short sequences
  std::mt19937_64 rng(20261124);
  size_t pairs = 0;
  for (int round = 0; round < 60; ++round) {
    const size_t states = 2 + round % 5;
    const bool missing = round % 4 == 3;
    const SequenceSet s = RandomRuns(rng, 24, 5 + (round * 7) % 40, states, missing);
    SeqDistOptions o;
    o.method = round % 6 == 5 ? SeqDistMethod::kLCS : SeqDistMethod::kOM;
    o.with_missing = missing;
    o.sm = RandomCosts(rng, s, missing, round % 3);
    o.indel = std::vector<double>{1, 0.5, 0.7, 2, 1.3}[round % 5];
    o.norm = std::vector<SeqNorm>{SeqNorm::kNone, SeqNorm::kMaxLength, SeqNorm::kGMean, SeqNorm::kMaxDist,
                                  SeqNorm::kYujianBo}[round % 5];
    o.threads = 1 + round % 2;
    const DistinctSequences d = FindDistinct(s);
    Result<DistanceMatrix> m = SeqDistances(s, d, o);
    ASSERT_TRUE(m.has_value()) << m.error().message();
    Result<SeqDistParams> p = ResolveSeqDist(s, o);
    ASSERT_TRUE(p.has_value());
    std::vector<std::vector<SequenceSet::Code>> content(d.size());
    for (size_t i = 0; i < d.size(); ++i) content[i] = SequenceContent(s, d.rows[i]);
    for (size_t i = 0; i < d.size(); ++i) {
      for (size_t j = i + 1; j < d.size(); ++j) {
        const double want = SeqDistanceReference(content[i], content[j], *p);
        ASSERT_NEAR(m->at(i, j), want, 1e-9 * std::max(1.0, want))
            << "round " << round << " pair " << i << "," << j << " indel " << *o.indel;
        ++pairs;
      }
    }
  }
  EXPECT_GT(pairs, 10000u);
}

// The instruction sets of the lane kernel this CPU runs (baseline always).
std::vector<std::string> LaneIsas() {
  std::vector<std::string> out;
  for (const std::string isa : {"avx512", "avx2", "baseline"}) {
    IsaGuard g(isa);
    if (SeqDistLaneIsa() == isa) out.push_back(isa);
  }
  return out;
}

// The lane kernel runs one x against W y's of different lengths at once (W = 8, 4 or 2 by the
// instruction set); every lane must give the reference's double exactly, whatever the batch's
// lengths, however many y's are left for the last batch, on 1 and 2 threads.
TEST(SeqDistanceTest, LaneKernelIsBitForBitThePlainDynamicProgramme) {
  const std::vector<std::string> isas = LaneIsas();
  ASSERT_FALSE(isas.empty());
  EXPECT_EQ(isas.back(), "baseline");
  std::mt19937_64 rng(424242);
  size_t pairs = 0;
  std::vector<size_t> distinct_counts;
  for (const std::string& isa : isas) {
    IsaGuard g(isa);
    for (int round = 0; round < 40; ++round) {
      const size_t states = 2 + round % 6;
      const bool missing = round % 5 == 4;
      const size_t rows = 1 + (round * 13) % 40;  // 1..40 rows: batches of every remainder
      const SequenceSet s = RandomRuns(rng, rows, 1 + (round * 11) % 75, states, missing);
      SeqDistOptions o;
      o.method = round % 7 == 6 ? SeqDistMethod::kLCS : SeqDistMethod::kOM;
      o.with_missing = missing;
      o.sm = RandomCosts(rng, s, missing, round % 3);
      o.indel = std::vector<double>{1, 0.5, 0.7, 2, 1.3, 0.1}[round % 6];
      o.norm = std::vector<SeqNorm>{SeqNorm::kNone, SeqNorm::kMaxLength, SeqNorm::kGMean, SeqNorm::kMaxDist,
                                    SeqNorm::kYujianBo}[round % 5];
      o.threads = 1 + round % 2;
      const DistinctSequences d = FindDistinct(s);
      distinct_counts.push_back(d.size());
      Result<DistanceMatrix> m = SeqDistances(s, d, o);
      ASSERT_TRUE(m.has_value()) << m.error().message();
      Result<SeqDistParams> p = ResolveSeqDist(s, o);
      ASSERT_TRUE(p.has_value());
      std::vector<std::vector<SequenceSet::Code>> content(d.size());
      for (size_t i = 0; i < d.size(); ++i) content[i] = SequenceContent(s, d.rows[i]);
      for (size_t i = 0; i < d.size(); ++i) {
        for (size_t j = i + 1; j < d.size(); ++j) {
          ASSERT_EQ(m->at(i, j), SeqDistanceReference(content[i], content[j], *p))
              << isa << " round " << round << " pair " << i << "," << j << " lengths " << content[i].size() << ","
              << content[j].size() << " indel " << *o.indel;
          ++pairs;
        }
      }
    }
  }
  EXPECT_GT(pairs, 5000u * isas.size());
  // Some sets leave a partial last batch for every lane count.
  EXPECT_NE(std::find_if(distinct_counts.begin(), distinct_counts.end(), [](size_t c) { return c % 8 == 3; }),
            distinct_counts.end());
}

// mvad with TRATE costs (the benchmark's case, real-valued costs): every pair, every instruction
// set, bit for bit.
TEST(SeqDistanceTest, LaneKernelOnMvadIsBitForBitThePlainDynamicProgramme) {
  const SequenceSet& mvad = MvadSequences();
  const DistinctSequences d = FindDistinct(mvad);
  SeqDistOptions o;
  o.sm = *TrateCosts(mvad, 2, false, true, false);
  o.indel = 1;
  Result<SeqDistParams> p = ResolveSeqDist(mvad, o);
  ASSERT_TRUE(p.has_value());
  std::vector<std::vector<SequenceSet::Code>> content(d.size());
  for (size_t i = 0; i < d.size(); ++i) content[i].assign(mvad.row(d.rows[i]), mvad.row(d.rows[i]) + 70);
  // Every pair of every fifth row (about 24,000 pairs; all 120,000 take half a minute under ASan).
  std::vector<std::pair<size_t, double>> want;  // condensed index, reference distance
  for (size_t i = 0; i < d.size(); i += 5) {
    for (size_t j = i + 1; j < d.size(); ++j) {
      want.emplace_back(DistanceMatrix::Index(d.size(), i, j), SeqDistanceReference(content[i], content[j], *p));
    }
  }
  for (const std::string& isa : LaneIsas()) {
    IsaGuard g(isa);
    Result<DistanceMatrix> m = SeqDistances(mvad, d, o);
    ASSERT_TRUE(m.has_value());
    size_t differ = 0;
    for (const auto& [k, v] : want) differ += m->values()[k] != v;
    EXPECT_EQ(differ, 0u) << isa;
  }
}

TEST(SeqDistanceTest, PositionwiseMethodsAgreeWithTheReference) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 24; ++round) {
    // Equal lengths for HAM and DHD: no voids.
    std::vector<std::vector<std::string>> rows;
    const size_t length = 3 + round % 13;
    for (int i = 0; i < 20; ++i) {
      std::vector<std::string> row;
      while (row.size() < length) {
        const std::string st(1, static_cast<char>('A' + rng() % 3));
        for (size_t k = 1 + rng() % 4; k > 0 && row.size() < length; --k) row.push_back(st);
      }
      rows.push_back(row);
    }
    const SequenceSet s = Seqs({"A", "B", "C"}, rows);
    for (SeqDistMethod method : {SeqDistMethod::kHAM, SeqDistMethod::kDHD, SeqDistMethod::kLCP, SeqDistMethod::kRLCP}) {
      SeqDistOptions o;
      o.method = method;
      o.norm = round % 2 ? SeqNorm::kAuto : SeqNorm::kMaxDist;
      if (method == SeqDistMethod::kHAM) o.sm = RandomCosts(rng, s, false, 2);
      const DistinctSequences d = FindDistinct(s);
      Result<DistanceMatrix> m = SeqDistances(s, d, o);
      ASSERT_TRUE(m.has_value()) << m.error().message();
      Result<SeqDistParams> p = ResolveSeqDist(s, o);
      ASSERT_TRUE(p.has_value());
      for (size_t i = 0; i < d.size(); ++i) {
        for (size_t j = i + 1; j < d.size(); ++j) {
          std::vector<SequenceSet::Code> x(s.row(d.rows[i]), s.row(d.rows[i]) + length);
          std::vector<SequenceSet::Code> y(s.row(d.rows[j]), s.row(d.rows[j]) + length);
          ASSERT_NEAR(m->at(i, j), SeqDistanceReference(x, y, *p), 1e-12) << SeqDistMethodName(method);
        }
      }
    }
  }
}

TEST(SeqDistanceTest, MvadDistinctSequencesAndTrateOptimalMatching) {
  const SequenceSet& mvad = MvadSequences();
  const DistinctSequences d = FindDistinct(mvad);
  ASSERT_EQ(d.size(), 490u);  // the paper: 490 distinct sequences among 712
  double total = 0;
  for (double w : d.weight) total += w;
  double rows_total = 0;
  for (double w : mvad.weights()) rows_total += w;
  EXPECT_NEAR(total, rows_total, 1e-9);
  SeqDistOptions o;
  o.sm = *TrateCosts(mvad, 2, false, true, false);
  o.indel = 1;
  Result<DistanceMatrix> m = SeqDistances(mvad, d, o);
  ASSERT_TRUE(m.has_value());
  Result<SeqDistParams> p = ResolveSeqDist(mvad, o);
  ASSERT_TRUE(p.has_value());
  std::mt19937_64 rng(1);
  for (int k = 0; k < 3000; ++k) {
    const size_t i = rng() % d.size(), j = rng() % d.size();
    if (i == j) continue;
    std::vector<SequenceSet::Code> x(mvad.row(d.rows[i]), mvad.row(d.rows[i]) + 70);
    std::vector<SequenceSet::Code> y(mvad.row(d.rows[j]), mvad.row(d.rows[j]) + 70);
    ASSERT_NEAR(m->at(i, j), SeqDistanceReference(x, y, *p), 1e-9);
  }
  // Rows 1 and 2 of the paper: EM/4-TR/2-EM/64 vs FE/36-HE/34 — no common state, all 70 positions
  // substituted or shifted: at most 70 · max(sm), at least 70 · min(sm).
  const double d12 = m->at(d.of_row[0], d.of_row[1]);
  EXPECT_GT(d12, 70 * 1.9);
  EXPECT_LE(d12, 140);
}

class CancelAfter : public Progress {
 public:
  explicit CancelAfter(uint64_t n) : limit_(n) {}
  void Start(std::string_view, uint64_t total) override { total_ = total; }
  void Advance(uint64_t n) override { done_ += n; }
  void Finish() override { finished_ = true; }
  bool Cancelled() const override { return done_ >= limit_; }
  uint64_t done_ = 0, total_ = 0;
  bool finished_ = false;

 private:
  uint64_t limit_;
};

TEST(SeqDistanceTest, CancellationStopsCleanly) {
  const SequenceSet& mvad = MvadSequences();
  SeqDistOptions o;
  o.sm = *ConstantCosts(mvad, 2, false);
  CancelAfter progress(1000);
  Result<DistanceMatrix> m = SeqDistances(mvad, FindDistinct(mvad), o, progress);
  ASSERT_FALSE(m.has_value());
  EXPECT_EQ(m.error().code(), StatusCode::kCancelled);
  EXPECT_LT(progress.done_, progress.total_);
  CancelAfter never(UINT64_MAX);
  ASSERT_TRUE(SeqDistances(mvad, FindDistinct(mvad), o, never).has_value());
  EXPECT_EQ(never.done_, never.total_);
  EXPECT_TRUE(never.finished_);
}

}  // namespace
}  // namespace careergraph
