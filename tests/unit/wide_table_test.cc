// The wide sequence reader (io/wide_table.h): TraMineR's layout, its missing-data rules and
// its errors; and, on the real mvad data (tests/data/sequences/, TraMineR's running example),
// the numbers Gabadinho et al. (2011, JSS 40(4)) publish: 712 sequences of 70 months, 490
// distinct, and the weighted transition rates to two digits.
#include "careergraph/io/wide_table.h"

#include <cmath>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "careergraph/analysis/sequences.h"
#include "careergraph/base/file.h"

namespace careergraph {
namespace {

using Rows = std::vector<std::vector<std::string>>;

WideTableOptions Range(std::string first, std::string last, std::string id = "", std::string weight = "") {
  WideTableOptions o;
  o.first = std::move(first);
  o.last = std::move(last);
  o.id = std::move(id);
  o.weight = std::move(weight);
  return o;
}

TEST(WideTableTest, ReadsTheStateColumnsByNameOrIndex) {
  const std::string text =
      "id,w,sex,t1,t2,t3,t4\n"
      "a,0.5,f,EM,EM,JL,EM\n"
      "b,2,m,SC,,SC,\n"      // a gap is missing; the trailing empty cell ends the row
      "c,1,f,,TR,TR,TR\n";   // a leading empty cell is missing
  for (const auto& o : {Range("t1", "t4", "id", "w"), Range("4", "7", "1", "2")}) {
    Result<WideTable> t = ParseWideTable(text, "seq.csv", o);
    ASSERT_TRUE(t) << t.error().message();
    EXPECT_EQ(t->ids, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(t->columns, (std::vector<std::string>{"t1", "t2", "t3", "t4"}));
    EXPECT_EQ(t->rows, (Rows{{"EM", "EM", "JL", "EM"}, {"SC", "*", "SC"}, {"*", "TR", "TR", "TR"}}));
    EXPECT_EQ(t->weights, (std::vector<double>{0.5, 2, 1}));
    EXPECT_EQ(t->lines, (std::vector<size_t>{2, 3, 4}));
  }
  Result<WideTable> plain = ParseWideTable(text, "seq.csv", Range("t2", "t3"));
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->ids, (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_TRUE(plain->weights.empty());
  EXPECT_EQ(plain->rows, (Rows{{"EM", "JL"}, {"*", "SC"}, {"TR", "TR"}}));
}

TEST(WideTableTest, NamesEveryProblem) {
  auto error = [](const std::string& text, const WideTableOptions& o) {
    Result<WideTable> t = ParseWideTable(text, "seq.csv", o);
    return t ? std::string("no error") : t.error().message();
  };
  const std::string head = "id,w,t1,t2\n";
  EXPECT_EQ(error(head + "a,1,x,y\n", Range("t0", "t2")),
            "seq.csv:1: --states: the first state column 't0' is not in the header (a name or a 1-based index); "
            "the columns: id, w, t1, t2");
  EXPECT_EQ(error(head + "a,1,x,y\n", Range("t2", "t1")), "seq.csv:1: --states t2:t1: the last column comes before the first");
  EXPECT_EQ(error(head + "a,1,x,y\n", Range("t1", "9")).rfind("seq.csv:1: --states: the last state column '9' is not", 0), 0u);
  EXPECT_EQ(error(head + "a,1,x,y\na,1,x,y\n", Range("t1", "t2", "id")),
            "seq.csv:3:1: field 'id': id 'a' again (first on line 2)");
  EXPECT_EQ(error(head + "a,-1,x,y\nb,abc,x,y\nc,inf,x,y\n", Range("t1", "t2", "id", "w")),
            "seq.csv:2:2: field 'w': '-1' is not a weight; expected a number >= 0\n"
            "seq.csv:3:2: field 'w': 'abc' is not a weight; expected a number >= 0\n"
            "seq.csv:4:2: field 'w': 'inf' is not a weight; expected a number >= 0");
  EXPECT_EQ(error(head + "a,1,x\n", Range("t1", "t2")), "seq.csv:2: 3 fields; expected 4, as the header has");
  EXPECT_EQ(error(head + "a,1,,\n", Range("t1", "t2", "id")), "seq.csv:2: sequence 'a' has no observed state in t1..t2");
  EXPECT_EQ(error("", Range("t1", "t2")), "seq.csv: empty; expected a header row, then one row per sequence");
  EXPECT_EQ(error(head, Range("t1", "t2")), "seq.csv: no sequences after the header");
  EXPECT_EQ(error(head + "a,1,\"x,y\n", Range("t1", "t2")), "seq.csv:2: a quoted field is never closed; expected a closing quote (\")");

  WideTableOptions o;
  EXPECT_TRUE(ParseColumnRange("Sep.93:Jun.99", &o).ok());
  EXPECT_EQ(o.first, "Sep.93");
  EXPECT_EQ(o.last, "Jun.99");
  for (const char* bad : {"", "a", ":b", "a:", "a:b:c"}) EXPECT_FALSE(ParseColumnRange(bad, &o).ok()) << bad;
}

// mvad as the paper sets it up: columns 17:86 (Sep.93 .. Jun.99), the alphabet in this order,
// the case weights.
SequenceSet Mvad() {
  Result<std::string> text = ReadFile(std::string(CG_SOURCE_DIR) + "/tests/data/sequences/mvad.csv");
  EXPECT_TRUE(text) << text.error().message();
  Result<WideTable> t = ParseWideTable(*text, "mvad.csv", Range("17", "86", "id", "weight"));
  EXPECT_TRUE(t) << t.error().message();
  Result<SequenceSet> s = SequenceSet::FromStates({"employment", "FE", "HE", "joblessness", "school", "training"},
                                                  t->rows, t->columns, t->weights);
  EXPECT_TRUE(s) << s.error().message();
  return std::move(*s);
}

TEST(WideTableTest, MvadAsThePaperReadsIt) {
  const SequenceSet s = Mvad();
  ASSERT_EQ(s.size(), 712u);
  ASSERT_EQ(s.length(), 70u);
  EXPECT_EQ(s.columns().front(), "Sep.93");
  EXPECT_EQ(s.columns().back(), "Jun.99");
  double total = 0;
  for (double w : s.weights()) total += w;
  std::set<std::string> distinct;
  for (size_t i = 0; i < s.size(); ++i) distinct.insert(s.RowString(i));
  EXPECT_EQ(distinct.size(), 490u);  // "mvad has 490 distinct sequences among its 712 rows"
  // The paper's first sequence, (EM,4)-(TR,2)-(EM,64), from Sep.93: its first 7 months.
  EXPECT_EQ(s.RowString(0).rfind("employment-employment-employment-employment-training-training-employment-", 0), 0u);
  EXPECT_GT(total, 700);
}

TEST(WideTableTest, MvadWeightedTransitionRatesAsPublished) {
  const SequenceSet s = Mvad();
  Result<TransitionRates> r = SeqTransitionRates(s);  // weighted, lag 1, as seqtrate
  ASSERT_TRUE(r) << r.error().message();
  // Gabadinho et al. (2011), the weighted transition rates rounded to two digits; every rate
  // not listed is 0.00. Order: EM FE HE JL SC TR.
  const double published[6][6] = {
      {0.99, 0.00, 0.00, 0.01, 0.00, 0.00},  // EM
      {0.03, 0.95, 0.01, 0.01, 0.00, 0.00},  // FE
      {0.01, 0.00, 0.99, 0.00, 0.00, 0.00},  // HE
      {0.04, 0.01, 0.00, 0.94, 0.00, 0.01},  // JL
      {0.01, 0.01, 0.02, 0.01, 0.95, 0.00},  // SC
      {0.04, 0.00, 0.00, 0.01, 0.00, 0.94},  // TR
  };
  for (size_t x = 0; x < 6; ++x) {
    for (size_t y = 0; y < 6; ++y) {
      EXPECT_NEAR(std::round(r->at(0, x, y) * 100) / 100, published[x][y], 1e-9)
          << s.alphabet()[x] << " -> " << s.alphabet()[y] << ": " << r->at(0, x, y);
    }
  }
}

}  // namespace
}  // namespace careergraph
