#include "careergraph/analysis/claims.h"

#include <gtest/gtest.h>

#include "careergraph/framework/loader.h"
#include "careergraph/io/careers.h"
#include "test_util.h"

namespace careergraph {
namespace {

// Wilson intervals against R 4.2.2: prop.test(x, n, correct = FALSE)$conf.int, printed with
// sprintf("%.17g").
TEST(ClaimsTest, WilsonIntervalMatchesRPropTest) {
  struct Case {
    int64_t x, n;
    double lower, upper;
  };
  for (const Case& c : std::vector<Case>{{5, 6, 0.43649717781352998, 0.96994663025169336},
                                         {1, 4, 0.045587260809700589, 0.69935815741759799},
                                         {20, 120, 0.11055996367984616, 0.2434528139326228},
                                         {0, 10, 0, 0.27753279986288915},
                                         {10, 10, 0.72246720013711085, 1},
                                         {60, 80, 0.64515325380766031, 0.83193768142457625}}) {
    const Interval i = WilsonInterval(c.x, c.n);
    EXPECT_NEAR(i.lower, c.lower, 1e-12) << c.x << "/" << c.n;
    EXPECT_NEAR(i.upper, c.upper, 1e-12) << c.x << "/" << c.n;
  }
  const Interval none = WilsonInterval(0, 0);
  EXPECT_EQ(none.lower, 0);
  EXPECT_EQ(none.upper, 1);
}

// The Small framework (tech = junior < mid < senior, mgmt = lead < head) with one claim of
// each kind. min_n = 1 so that the verdicts below turn on the statistics alone.
const char* kClaims = R"toml(
[[claim]]
id = "anywhere"
statement = "Enter and leave anywhere in tech."
kind = "enter-and-leave-anywhere"
tracks = ["tech"]
min_n = 1

[[claim]]
id = "leavers"
statement = "Tech leavers go to management."
kind = "leavers-go-to"
from_track = "tech"
to = ["mgmt"]
at_least = 0.5
min_n = 1

[[claim]]
id = "all-levels"
statement = "Crossings from every tech level."
kind = "crossings-all-levels"
from_track = "tech"
to_track = "mgmt"
min_n = 1

[[claim]]
id = "top"
statement = "Most crossings go mid to lead."
kind = "top-crossing"
from_track = "tech"
to_track = "mgmt"
from_role = "mid"
to_role = "lead"
min_n = 1

[[claim]]
id = "later"
statement = "Juniors seldom become heads."
kind = "role-later-holds"
role = "junior"
later = "head"
at_most = 0.5
min_n = 1

[[claim]]
id = "titles"
statement = "Heads carry lead titles."
kind = "title-share"
role = "head"
title_of = "lead"
at_least = 0.5
min_n = 1

[[claim]]
id = "both-ways"
statement = "Crossings go both ways."
kind = "both-directions"
tracks = ["tech", "mgmt"]
at_least = 0.1
min_n = 1

[[claim]]
id = "two"
statement = "Two tracks."
kind = "track-count"
tracks = ["tech", "mgmt"]
min_n = 1
)toml";

Framework WithClaims() {
  Result<Framework> r = ParseFramework(std::string(testing::kSmallFramework) + kClaims, "claims.toml");
  EXPECT_TRUE(r) << (r ? "" : r.error().message());
  return r ? std::move(*r) : Framework();
}

// Role-level moves, by hand:
//   p1: outside>junior, junior>mid, mid>lead (cross), lead>head; censored
//   p2: outside>junior, junior>mid, mid>lead (cross); censored
//   p3: outside>mid, mid>lead (cross), lead>mid (cross back); censored
//   p4: outside>senior, senior>head (cross), head>outside (exit)
//   p5: outside>junior, junior>left-it (exit)
//   p6: outside>junior, junior>lead (cross); censored
// Heads: p1 titled "Team Lead", p4 titled "Team Lead" — both aliases of lead.
std::string Careers(int copies) {
  std::string csv = "person_id,role,title,start,end\n";
  for (int k = 0; k < copies; ++k) {
    const std::string s = "-" + std::to_string(k);
    csv += "p1" + s + ",junior,,2000,2002\np1" + s + ",mid,,2002,2004\np1" + s + ",lead,,2004,2006\np1" + s +
           ",head,Team Lead,2006,\n";
    csv += "p2" + s + ",junior,,2000,2003\np2" + s + ",mid,,2003,2005\np2" + s + ",lead,,2005,\n";
    csv += "p3" + s + ",mid,,2001,2003\np3" + s + ",lead,,2003,2004\np3" + s + ",mid,,2004,\n";
    csv += "p4" + s + ",senior,,2000,2002\np4" + s + ",head,Team Lead,2002,2004\n";
    csv += "p5" + s + ",junior,,2001,2002\np5" + s + ",left-it,,2002,\n";
    csv += "p6" + s + ",junior,,2000,2001\np6" + s + ",lead,,2001,\n";
  }
  return csv;
}

std::vector<ClaimResult> Evaluate(int copies, TrackDiscoverer discover = nullptr) {
  const Framework fw = WithClaims();
  Result<CareerBatch> b = ParseCareerBatch(Careers(copies), "t.csv", CareerFormat::kCsv, fw);
  EXPECT_TRUE(b) << b.error().message();
  Result<TransitionTable> moves = ComputeTransitions(b->population, fw);
  EXPECT_TRUE(moves);
  ClaimInputs in;
  in.role_moves = &*moves;
  in.discover = std::move(discover);
  Result<std::vector<ClaimResult>> r = EvaluateClaims(b->population, fw, in);
  EXPECT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->size(), 8u);
  return std::move(*r);
}

TEST(ClaimsTest, OneCopyGivesTheHandCountsAndCautiousVerdicts) {
  std::vector<ClaimResult> r = Evaluate(1);
  // anywhere: entries junior 4, mid 1, senior 1; exits junior 1 (p5), mid 0, senior 0.
  EXPECT_EQ(r[0].n, 7);
  EXPECT_EQ(r[0].successes, 1);
  EXPECT_EQ(r[0].verdict, Verdict::kNotSupported);
  EXPECT_NE(r[0].reason.find("mid (no exits)"), std::string::npos) << r[0].reason;
  // leavers: 6 moves leave tech (3 mid>lead, senior>head, junior>lead, junior>left-it), 5 to
  // mgmt: 5/6, Wilson [0.436, 0.970] straddles 0.5.
  EXPECT_EQ(r[1].n, 6);
  EXPECT_EQ(r[1].successes, 5);
  EXPECT_NEAR(r[1].interval->lower, 0.43649717781352998, 1e-12);
  EXPECT_EQ(r[1].verdict, Verdict::kNotEnoughData);
  // all-levels: junior 1, mid 3, senior 1 crossings.
  EXPECT_EQ(r[2].n, 5);
  EXPECT_EQ(r[2].successes, 3);
  EXPECT_EQ(r[2].verdict, Verdict::kSupported);
  // top: mid>lead 3 of 5, against junior>lead 1: 3 of 4 is not significantly above one half.
  EXPECT_EQ(r[3].successes, 3);
  EXPECT_EQ(r[3].n, 5);
  EXPECT_EQ(r[3].details[0].label, "mid → lead");
  EXPECT_EQ(r[3].verdict, Verdict::kNotEnoughData);
  // later: juniors p1, p2, p5, p6; p1 later head: 1/4, Wilson upper 0.699 > 0.5.
  EXPECT_EQ(r[4].n, 4);
  EXPECT_EQ(r[4].successes, 1);
  EXPECT_EQ(r[4].verdict, Verdict::kNotEnoughData);
  // titles: heads with a title p1, p4, both titled as lead: 2/2.
  EXPECT_EQ(r[5].n, 2);
  EXPECT_EQ(r[5].successes, 2);
  // both-ways: tech>mgmt 5, mgmt>tech 1: minority 1/6.
  EXPECT_EQ(r[6].n, 6);
  EXPECT_EQ(r[6].successes, 1);
  EXPECT_EQ(r[6].verdict, Verdict::kNotEnoughData);
  // two: no discoverer.
  EXPECT_EQ(r[7].verdict, Verdict::kNotEnoughData);
}

TEST(ClaimsTest, TwentyCopiesMakeTheSharesDecisive) {
  std::vector<std::string> asked;
  std::vector<ClaimResult> r = Evaluate(20, [&](const std::vector<std::string>& roles) -> Result<TrackEvidence> {
    asked = roles;
    return TrackEvidence{3, 200, 0.4, {{"junior", "mid"}, {"senior"}, {"lead", "head"}}};
  });
  EXPECT_EQ(r[1].successes, 100);  // 100/120: Wilson lower 0.76 > 0.5
  EXPECT_EQ(r[1].verdict, Verdict::kSupported);
  EXPECT_EQ(r[3].verdict, Verdict::kSupported);  // 60 against 20: 0.75, lower 0.645 > 0.5
  EXPECT_EQ(r[4].successes, 20);                 // 20/80, upper 0.35 < 0.5
  EXPECT_EQ(r[4].verdict, Verdict::kSupported);
  EXPECT_EQ(r[5].verdict, Verdict::kSupported);  // 40/40
  EXPECT_EQ(r[6].successes, 20);                 // 20/120: lower 0.1106 > 0.1
  EXPECT_NEAR(r[6].interval->lower, 0.11055996367984616, 1e-12);
  EXPECT_EQ(r[6].verdict, Verdict::kSupported);
  EXPECT_EQ(asked, (std::vector<std::string>{"junior", "mid", "senior", "lead", "head"}));
  EXPECT_EQ(r[7].value, 3);
  EXPECT_EQ(r[7].verdict, Verdict::kNotSupported);
}

TEST(ClaimsTest, ThresholdOnTheOtherSideIsNotSupported) {
  Framework fw = WithClaims();
  fw.claims[4].at_most.reset();
  fw.claims[4].at_least = 0.6;  // juniors becoming heads: 20/80, upper 0.35 < 0.6
  Result<CareerBatch> b = ParseCareerBatch(Careers(20), "t.csv", CareerFormat::kCsv, fw);
  ASSERT_TRUE(b);
  Result<TransitionTable> moves = ComputeTransitions(b->population, fw);
  ClaimInputs in;
  in.role_moves = &*moves;
  Result<std::vector<ClaimResult>> r = EvaluateClaims(b->population, fw, in);
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[4].verdict, Verdict::kNotSupported);
}

TEST(ClaimsTest, LoaderRejectsMalformedClaimsWithPositions) {
  const std::string base = testing::kSmallFramework;
  struct Case {
    std::string toml, message;
  };
  for (const Case& c : std::vector<Case>{
           {"[[claim]]\nid = \"x\"\nstatement = \"s\"\nkind = \"nope\"\n", "kind \"nope\" is not one of"},
           {"[[claim]]\nid = \"x\"\nstatement = \"s\"\nkind = \"leavers-go-to\"\nfrom_track = \"tech\"\nto = [\"mgmt\"]\n",
            "needs a threshold"},
           {"[[claim]]\nid = \"x\"\nstatement = \"s\"\nkind = \"track-count\"\ntracks = [\"tech\", \"nowhere\"]\n",
            "unknown track 'nowhere' in 'tracks'"},
           {"[[claim]]\nid = \"x\"\nstatement = \"s\"\nkind = \"title-share\"\nrole = \"head\"\ntitle_of = \"boss\"\nat_least = 0.5\n",
            "unknown role 'boss' in 'title_of'"},
           {"[[claim]]\nid = \"x\"\nstatement = \"s\"\nkind = \"track-count\"\ntracks = [\"tech\"]\nrole = \"head\"\n",
            "field 'role' does not apply to kind \"track-count\""},
           {"[[claim]]\nid = \"x\"\nstatement = \"s\"\nkind = \"both-directions\"\ntracks = [\"tech\"]\nat_least = 2\n",
            "'at_least' must be a share between 0 and 1; found 2"},
           {"[[claim]]\nid = \"x\"\nstatement = \"s\"\nkind = \"top-crossing\"\nfrom_track = \"tech\"\nto_track = \"mgmt\"\n"
            "from_role = \"lead\"\nto_role = \"head\"\n",
            "from_role 'lead' is not in from_track 'tech'"},
       }) {
    Result<Framework> r = ParseFramework(base + c.toml, "f.toml");
    ASSERT_FALSE(r) << c.toml;
    EXPECT_NE(r.error().message().find(c.message), std::string::npos) << r.error().message();
    EXPECT_NE(r.error().message().find("f.toml:"), std::string::npos);
  }
}

TEST(ClaimsTest, BundledFrameworkStatesTheSeedsClaims) {
  const Framework& fw = testing::Infrastructure();
  ASSERT_EQ(fw.claims.size(), 8u);
  EXPECT_EQ(fw.claims[3].from_role, "design");
  EXPECT_EQ(fw.claims[3].to_role, "it-manager");
}

}  // namespace
}  // namespace careergraph
