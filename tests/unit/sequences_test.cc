// Sequence sets and TraMineR's seqtrate: small wide tables with every rate worked out by hand,
// and the Population → grid conversion (gaps, ongoing spells, destinations, both alignments and
// every unit).
#include "careergraph/analysis/sequences.h"

#include <gtest/gtest.h>

#include "careergraph/io/careers.h"
#include "test_util.h"

namespace careergraph {
namespace {

using Rows = std::vector<std::vector<std::string>>;

// Five sequences of four positions over A, B, C, D ("*" missing, "%" void), weights for the
// weighted case. The pairs (t, t+1), t = 1..3, of each:
//   s1 A A B B  w 2    (A,A) (A,B) (B,B)
//   s2 A B B %  w 1    (A,B) (B,B) (B,%): to void, not counted
//   s3 A * B C  w 0.5  (A,*): to missing, not counted; (*,B): from missing, no row; (B,C)
//   s4 C C C C  w 1    (C,C) three times
//   s5 % % % D  w 3    nothing from void; D is never followed: its row is all zeros
SequenceSet Five() {
  Result<SequenceSet> s = SequenceSet::FromStates(
      {"A", "B", "C", "D"},
      Rows{{"A", "A", "B", "B"}, {"A", "B", "B", "%"}, {"A", "*", "B", "C"}, {"C", "C", "C", "C"}, {"%", "%", "%", "D"}},
      {"t1", "t2", "t3", "t4"}, {2, 1, 0.5, 1, 3});
  EXPECT_TRUE(s) << s.error().message();
  return std::move(*s);
}

// One matrix as rows of numbers.
std::vector<std::vector<double>> Matrix(const TransitionRates& r, size_t m = 0) {
  std::vector<std::vector<double>> out(r.states.size(), std::vector<double>(r.states.size()));
  for (size_t x = 0; x < r.states.size(); ++x) {
    for (size_t y = 0; y < r.states.size(); ++y) out[x][y] = r.at(m, x, y);
  }
  return out;
}

void ExpectMatrix(const std::vector<std::vector<double>>& got, const std::vector<std::vector<double>>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t x = 0; x < want.size(); ++x) {
    ASSERT_EQ(got[x].size(), want[x].size());
    for (size_t y = 0; y < want.size(); ++y) EXPECT_NEAR(got[x][y], want[x][y], 1e-12) << "row " << x << " col " << y;
  }
}

TEST(SequenceSetTest, HoldsAWideTableRowMajor) {
  const SequenceSet s = Five();
  EXPECT_EQ(s.size(), 5u);
  EXPECT_EQ(s.length(), 4u);
  EXPECT_EQ(s.at(2, 1), SequenceSet::kMissing);
  EXPECT_EQ(s.at(1, 3), SequenceSet::kVoid);
  EXPECT_EQ(s.at(3, 0), 2);  // C
  EXPECT_EQ(s.row(1)[1], 1);  // B
  EXPECT_EQ(s.RowString(2), "A-*-B-C");
  EXPECT_EQ(s.ids()[4], "5");
  EXPECT_EQ(s.weights()[2], 0.5);

  // Shorter rows are padded with void; labels default to 1..L; weights to 1.
  Result<SequenceSet> p = SequenceSet::FromStates({"A"}, Rows{{"A", "A", "A"}, {"A"}});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->RowString(1), "A-%-%");
  EXPECT_EQ(p->columns(), (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(p->weights(), (std::vector<double>{1, 1}));
}

TEST(SequenceSetTest, RejectsBadTables) {
  EXPECT_EQ(SequenceSet::FromStates({"A"}, Rows{{"A", "B"}}).error().message(),
            "sequence 1 position 2: 'B' is not in the alphabet");
  EXPECT_EQ(SequenceSet::FromStates({"A", "*"}, Rows{}).error().message(),
            "state name '*' is not allowed: states need a name other than '*' (missing) and '%' (void)");
  EXPECT_EQ(SequenceSet::FromStates({"A", "A"}, Rows{}).error().message(), "state 'A' is in the alphabet twice");
  EXPECT_EQ(SequenceSet::FromCodes({"A"}, {"x"}, {"1", "2"}, {0}).error().message(),
            "1 codes for 1 sequences of 2 positions; expected 2");
  EXPECT_EQ(SequenceSet::FromCodes({"A"}, {"x"}, {"1"}, {1}).error().message(),
            "sequence 1 position 1: code 1 is not a state (0..0), missing (-1) or void (-2)");
  EXPECT_EQ(SequenceSet::FromCodes({"A"}, {"x"}, {"1"}, {0}, {-1}).error().message(),
            "sequence 1: weight -1 must be a finite number >= 0");
  EXPECT_EQ(SequenceSet::FromCodes({"A"}, {"x"}, {"1"}, {0}, {1, 2}).error().message(), "2 weights for 1 sequences");
}

TEST(SequenceTransitionRatesTest, UnweightedByHand) {
  SeqTrateOptions o;
  o.weighted = false;
  Result<TransitionRates> r = SeqTransitionRates(Five(), o);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->states, (std::vector<std::string>{"A", "B", "C", "D"}));
  EXPECT_TRUE(r->periods.empty());
  EXPECT_EQ(r->RowLabel(0), "[A ->]");
  EXPECT_EQ(r->ColumnLabel(1), "[-> B]");
  // From A: (A,A) s1, (A,B) s1 and s2; (A,*) s3 not in the denominator: 1/3, 2/3.
  // From B: (B,B) s1 and s2, (B,C) s3; (B,%) s2 not counted: 2/3, 1/3.
  // From C: (C,C) × 3 = 1. From D: no pair — all zeros.
  ExpectMatrix(Matrix(*r), {{1.0 / 3, 2.0 / 3, 0, 0}, {0, 2.0 / 3, 1.0 / 3, 0}, {0, 0, 1, 0}, {0, 0, 0, 0}});
}

TEST(SequenceTransitionRatesTest, WeightedByHand) {
  Result<TransitionRates> r = SeqTransitionRates(Five());  // weighted by default, as TraMineR
  ASSERT_TRUE(r);
  // From A: (A,A) w 2; (A,B) w 2 + 1 = 3; denominator 5 (s3's (A,*) left out): 0.4, 0.6.
  // From B: (B,B) w 2 + 1 = 3; (B,C) w 0.5; denominator 3.5: 6/7, 1/7.
  ExpectMatrix(Matrix(*r), {{0.4, 0.6, 0, 0}, {0, 6.0 / 7, 1.0 / 7, 0}, {0, 0, 1, 0}, {0, 0, 0, 0}});

  SeqTrateOptions counts;
  counts.count = true;
  Result<TransitionRates> c = SeqTransitionRates(Five(), counts);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->count);
  // s4's three (C,C) pairs have weight 1 each.
  ExpectMatrix(Matrix(*c), {{2, 3, 0, 0}, {0, 3, 0.5, 0}, {0, 0, 3, 0}, {0, 0, 0, 0}});
}

TEST(SequenceTransitionRatesTest, WithMissingAsAState) {
  SeqTrateOptions o;
  o.weighted = false;
  o.with_missing = true;
  Result<TransitionRates> r = SeqTransitionRates(Five(), o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->states, (std::vector<std::string>{"A", "B", "C", "D", "*"}));
  // From A: (A,A), (A,B) × 2, (A,*): 1/4, 2/4, 1/4. From B as before (void still excluded).
  // From *: (*,B) in s3: 1.
  ExpectMatrix(Matrix(*r), {{0.25, 0.5, 0, 0, 0.25},
                            {0, 2.0 / 3, 1.0 / 3, 0, 0},
                            {0, 0, 1, 0, 0},
                            {0, 0, 0, 0, 0},
                            {0, 1, 0, 0, 0}});
}

TEST(SequenceTransitionRatesTest, TimeVaryingOneMatrixPerPosition) {
  SeqTrateOptions o;
  o.weighted = false;
  o.time_varying = true;
  Result<TransitionRates> r = SeqTransitionRates(Five(), o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->periods, (std::vector<std::string>{"t1", "t2", "t3"}));  // the `from` positions
  // t1 → t2: (A,A) s1, (A,B) s2, (A,*) s3 left out, (C,C) s4: A 1/2 1/2; B has no pair: zeros.
  ExpectMatrix(Matrix(*r, 0), {{0.5, 0.5, 0, 0}, {0, 0, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 0}});
  // t2 → t3: (A,B) s1, (B,B) s2, (*,B) s3 no row, (C,C) s4.
  ExpectMatrix(Matrix(*r, 1), {{0, 1, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 0}});
  // t3 → t4: (B,B) s1, (B,%) s2 left out, (B,C) s3, (C,C) s4, (%,D) s5 no row.
  ExpectMatrix(Matrix(*r, 2), {{0, 0, 0, 0}, {0, 0.5, 0.5, 0}, {0, 0, 1, 0}, {0, 0, 0, 0}});
}

TEST(SequenceTransitionRatesTest, LagAndItsLimits) {
  SeqTrateOptions o;
  o.weighted = false;
  o.lag = 2;
  Result<TransitionRates> r = SeqTransitionRates(Five(), o);
  ASSERT_TRUE(r);
  // Pairs (t, t+2), t = 1, 2: s1 (A,B) (A,B); s2 (A,B) (B,%) left out; s3 (A,B) (*,C);
  // s4 (C,C) × 2; s5 (%,%) (%,D). A → B 4/4; B's only pair goes to void: zeros.
  ExpectMatrix(Matrix(*r), {{0, 1, 0, 0}, {0, 0, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 0}});

  o.lag = 4;
  EXPECT_EQ(SeqTransitionRates(Five(), o).error().message(),
            "lag 4 needs sequences of more than 4 positions; these have 4");
  o.lag = 0;
  EXPECT_EQ(SeqTransitionRates(Five(), o).error().message(), "lag 0: must be at least 1");
}

// Careers for the grid (framework Small: tech = junior < mid < senior, mgmt = lead < head).
//   p: junior 2000-01-01 .. 2001-07-01, a gap, mid from 2002-01-01, ongoing
//   q: left-it 2000-07-01 .. 2001-01-01, then lead .. 2002-04-01 (ended)
//   r: senior 2000-03-01 .. 2003-02-01 (ended)
// Earliest start 2000-01-01; latest date (the default as-of) r's end, 2003-02-01.
constexpr const char* kCareers =
    "person_id,role,title,start,end,site\n"
    "p,junior,,2000-01,2001-07,X\n"
    "p,mid,,2002-01,,X\n"
    "q,left-it,,2000-07,2001-01,Y\n"
    "q,lead,,2001-01,2002-04,Y\n"
    "r,senior,,2000-03,2003-02,X\n";

const Framework& Fw() {
  static const Framework fw = testing::Small();
  return fw;
}

Population Load(const char* csv = kCareers) {
  Result<CareerBatch> b = ParseCareerBatch(csv, "t.csv", CareerFormat::kCsv, Fw());
  EXPECT_TRUE(b) << b.error().message();
  return std::move(b->population);
}

std::vector<std::string> RowStrings(const SequenceSet& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size(); ++i) out.push_back(s.ids()[i] + ": " + s.RowString(i));
  return out;
}

TEST(SequenceGridTest, CalendarYears) {
  GridOptions o;  // year, calendar, role
  Result<SequenceSet> s = BuildSequences(Load(), Fw(), o);
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_EQ(s->alphabet(), (std::vector<std::string>{"junior", "mid", "senior", "lead", "head", "outside", "left-it"}));
  // Years 2000 .. 2003 (the as-of date 2003-02-01 is in 2003); each read on 1 January.
  EXPECT_EQ(s->columns(), (std::vector<std::string>{"2000", "2001", "2002", "2003"}));
  EXPECT_EQ(RowStrings(*s), (std::vector<std::string>{
                                "p: junior-junior-mid-mid",     // the gap (Jul–Dec 2001) holds no 1 January
                                "q: %-lead-lead-%",             // not yet started; ended 2002-04
                                "r: %-senior-senior-senior",  // starts in March; ends 2003-02-01
                            }));

  o.level = TransitionLevel::kTrack;
  Result<SequenceSet> t = BuildSequences(Load(), Fw(), o);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->alphabet(), (std::vector<std::string>{"tech", "mgmt", "outside", "left-it"}));
  EXPECT_EQ(RowStrings(*t), (std::vector<std::string>{"p: tech-tech-tech-tech", "q: %-mgmt-mgmt-%",
                                                      "r: %-tech-tech-tech"}));
}

TEST(SequenceGridTest, CalendarQuartersShowGapsAndDestinations) {
  GridOptions o;
  o.unit = GridUnit::kQuarter;
  Result<SequenceSet> s = BuildSequences(Load(), Fw(), o);
  ASSERT_TRUE(s) << s.error().message();
  // 2000-Q1 .. 2003-Q1: 13 quarters.
  ASSERT_EQ(s->length(), 13u);
  EXPECT_EQ(s->columns().front(), "2000-Q1");
  EXPECT_EQ(s->columns()[6], "2001-Q3");
  EXPECT_EQ(s->columns().back(), "2003-Q1");
  EXPECT_EQ(RowStrings(*s),
            (std::vector<std::string>{
                // junior for the 6 quarters from 2000-01-01 to 2001-04-01; 2001-07-01 and
                // 2001-10-01 fall in the gap (missing); mid from 2002-01-01 to the as-of date.
                "p: junior-junior-junior-junior-junior-junior-*-*-mid-mid-mid-mid-mid",
                // void before 2000-07-01; left-it for Q3, Q4 2000; lead 2001-Q1 .. 2002-Q1; void
                // from 2002-04-01 (its end) on.
                "q: %-%-left-it-left-it-lead-lead-lead-lead-lead-%-%-%-%",
                // senior from 2000-04-01 (Q2) to 2003-01-01 (its end is 2003-02-01).
                "r: %-senior-senior-senior-senior-senior-senior-senior-senior-senior-senior-senior-senior",
            }));

  // seqtrate on this grid (unweighted = weighted: all weights 1):
  //   p: junior→junior 5, (junior,*) and (*,*) and (*,mid) not counted, mid→mid 4
  //   q: left-it→left-it 1, left-it→lead 1, lead→lead 4, (lead,%) not counted
  //   r: senior→senior 11
  Result<TransitionRates> r = SeqTransitionRates(*s);
  ASSERT_TRUE(r);
  const size_t junior = 0, mid = 1, senior = 2, lead = 3, left_it = 6;
  EXPECT_EQ(r->at(0, junior, junior), 1);
  EXPECT_EQ(r->at(0, mid, mid), 1);
  EXPECT_EQ(r->at(0, senior, senior), 1);
  EXPECT_EQ(r->at(0, lead, lead), 1);
  EXPECT_EQ(r->at(0, left_it, left_it), 0.5);
  EXPECT_EQ(r->at(0, left_it, lead), 0.5);
  EXPECT_EQ(r->at(0, 4, 4), 0);  // head: never held
}

TEST(SequenceGridTest, CalendarMonthsFillOngoingSpellsToTheAsOfDate) {
  GridOptions o;
  o.unit = GridUnit::kMonth;
  Result<SequenceSet> s = BuildSequences(Load(), Fw(), o);
  ASSERT_TRUE(s);
  ASSERT_EQ(s->length(), 38u);  // 2000-01 .. 2003-02
  EXPECT_EQ(s->columns()[17], "2001-06");
  auto name = [&](size_t i, size_t t) { return std::string(s->Name(s->at(i, t))); };
  EXPECT_EQ(name(0, 17), "junior");  // p, 2001-06
  EXPECT_EQ(name(0, 18), "*");       // p, 2001-07: the spell ended on 2001-07-01
  EXPECT_EQ(name(0, 23), "*");       // p, 2001-12
  EXPECT_EQ(name(0, 24), "mid");     // p, 2002-01
  EXPECT_EQ(name(0, 37), "mid");     // p, 2003-02: ongoing, observed up to the as-of 2003-02-01
  EXPECT_EQ(name(1, 5), "%");        // q, 2000-06
  EXPECT_EQ(name(1, 6), "left-it");  // q, 2000-07
  EXPECT_EQ(name(1, 26), "lead");    // q, 2002-03
  EXPECT_EQ(name(1, 27), "%");       // q, 2002-04: the spell ended on 2002-04-01
  EXPECT_EQ(name(2, 2), "senior");   // r, 2000-03
  EXPECT_EQ(name(2, 36), "senior");  // r, 2003-01
  EXPECT_EQ(name(2, 37), "%");       // r, 2003-02: ended that day
}

TEST(SequenceGridTest, ObservationWindowAndFilters) {
  GridOptions o;
  o.since = ParseDate("2001")->days;
  Result<SequenceSet> s = BuildSequences(Load(), Fw(), o);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->columns(), (std::vector<std::string>{"2001", "2002", "2003"}));

  // As of 2000-03-01: only 2000, and on 1 January 2000 only p had started; q and r are left out.
  GridOptions early;
  early.until = ParseDate("2000-03")->days;
  Result<SequenceSet> e = BuildSequences(Load(), Fw(), early);
  ASSERT_TRUE(e);
  EXPECT_EQ(RowStrings(*e), (std::vector<std::string>{"p: junior"}));

  // An ongoing spell stops at an earlier as-of date: p's mid is void after 2002-06-01.
  GridOptions mid;
  mid.until = ParseDate("2002-06")->days;
  mid.where = {{"site", "X"}};
  Result<SequenceSet> m = BuildSequences(Load(), Fw(), mid);
  ASSERT_TRUE(m);
  EXPECT_EQ(RowStrings(*m), (std::vector<std::string>{"p: junior-junior-mid", "r: %-senior-senior"}));

  GridOptions bad;
  bad.where = {{"city", "X"}};
  EXPECT_EQ(BuildSequences(Load(), Fw(), bad).error().message(),
            "--where city=X: no person attribute 'city'; the careers have 'site'");
  GridOptions late;
  late.since = ParseDate("2004")->days;
  EXPECT_EQ(BuildSequences(Load(), Fw(), late).error().message(),
            "the observation starts (2004-01-01) after the as-of date (2003-02-01)");
  GridOptions before;
  before.until = ParseDate("1999")->days;
  EXPECT_EQ(BuildSequences(Load(), Fw(), before).error().message(),
            "the as-of date 1999-01-01 is before the first spell starts (2000-01-01): nothing is observed");
  GridOptions none;
  none.since = ParseDate("2003-01-15")->days;
  EXPECT_EQ(BuildSequences(Load(), Fw(), none).error().message(),
            "no year starts between 2003-01-15 and the as-of date 2003-02-01; use a finer grid");
}

TEST(SequenceGridTest, CareerAlignment) {
  GridOptions o;
  o.align = GridAlign::kCareer;
  Result<SequenceSet> s = BuildSequences(Load(), Fw(), o);
  ASSERT_TRUE(s) << s.error().message();
  // Years since each first spell: p from 2000-01-01 (ongoing to 2003-02-01: 4 positions);
  // q from 2000-07-01 (left-it), 2001-07-01 lead, 2002-07-01 is after its end: 2 positions;
  // r from 2000-03-01, 2001-03-01, 2002-03-01; 2003-03-01 is after its end: 3 positions.
  EXPECT_EQ(s->columns(), (std::vector<std::string>{"0", "1", "2", "3"}));
  EXPECT_EQ(RowStrings(*s), (std::vector<std::string>{"p: junior-junior-mid-mid", "q: left-it-lead-%-%",
                                                      "r: senior-senior-senior-%"}));
  // Right-censored ends as missing (seqdef's right = NA) instead of void.
  o.censored_missing = true;
  Result<SequenceSet> m = BuildSequences(Load(), Fw(), o);
  ASSERT_TRUE(m);
  EXPECT_EQ(RowStrings(*m), (std::vector<std::string>{"p: junior-junior-mid-mid", "q: left-it-lead-*-*",
                                                      "r: senior-senior-senior-*"}));
  o.censored_missing = false;

  o.unit = GridUnit::kQuarter;
  Result<SequenceSet> q = BuildSequences(Load(), Fw(), o);
  ASSERT_TRUE(q);
  // q's quarters from 2000-07-01 up to its last day 2002-03-31: 7 positions.
  EXPECT_EQ(q->RowString(1).substr(0, 45), "left-it-left-it-lead-lead-lead-lead-lead-%-%-");
  // p: 13 quarters from 2000-01-01 to 2003-01-01; 2001-07 and 2001-10 are the gap.
  EXPECT_EQ(q->RowString(0), "junior-junior-junior-junior-junior-junior-*-*-mid-mid-mid-mid-mid");
  EXPECT_EQ(q->length(), 13u);
}

TEST(SequenceGridTest, CareerMonthsKeepTheDayClampedToTheMonthEnd) {
  // s starts on 31 January 2000 (a leap year): its months are read on 31 Jan, 29 Feb, 31 Mar,
  // 30 Apr, 31 May — the spell ends 2000-05-15, so 4 positions. t is a destination first.
  constexpr const char* kCsv =
      "person_id,role,title,start,end\n"
      "s,mid,,2000-01-31,2000-03-31\n"
      "s,senior,,2000-03-31,2000-05-15\n"
      "t,outside,,2000-01-01,2000-02-01\n"
      "t,junior,,2000-02-01,2000-04-01\n";
  GridOptions o;
  o.unit = GridUnit::kMonth;
  o.align = GridAlign::kCareer;
  Result<SequenceSet> s = BuildSequences(Load(kCsv), Fw(), o);
  ASSERT_TRUE(s) << s.error().message();
  // s: 31 Jan mid, 29 Feb mid, 31 Mar senior (the new spell starts that day), 30 Apr senior.
  // t: 1 Jan outside, 1 Feb junior, 1 Mar junior; 1 Apr is its end.
  EXPECT_EQ(RowStrings(*s), (std::vector<std::string>{"s: mid-mid-senior-senior", "t: outside-junior-junior-%"}));
}

}  // namespace
}  // namespace careergraph

namespace careergraph {
namespace {

TEST(RecodeSequencesTest, MergesStatesIntoACoarserAlphabet) {
  Result<SequenceSet> s = SequenceSet::FromStates({"jr", "mid", "lead", "mgr"}, {{"jr", "mid", "*", "mgr"}, {"lead", "%"}},
                                                  {}, {2.0, 1.0});
  ASSERT_TRUE(s) << s.error().message();
  Result<SequenceSet> r = RecodeSequences(*s, {{"jr", "tech"}, {"mid", "tech"}, {"lead", "tech"}});
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->alphabet(), (std::vector<std::string>{"tech", "mgr"}));
  EXPECT_EQ(r->RowString(0), "tech-tech-*-mgr");
  EXPECT_EQ(r->RowString(1), "tech-%-%-%");
  EXPECT_EQ(r->weights(), (std::vector<double>{2.0, 1.0}));
  EXPECT_EQ(r->ids(), s->ids());
  EXPECT_FALSE(RecodeSequences(*s, {{"nope", "x"}}));
  EXPECT_FALSE(RecodeSequences(*s, {{"jr", "x"}, {"jr", "y"}}));
  EXPECT_FALSE(RecodeSequences(*s, {{"jr", "*"}}));
}

}  // namespace
}  // namespace careergraph
