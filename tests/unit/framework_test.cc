#include <gtest/gtest.h>

#include "careergraph/framework/export.h"
#include "careergraph/framework/loader.h"
#include "test_util.h"

namespace careergraph {
namespace {

using testing::Infrastructure;
using testing::kSmallFramework;
using testing::Small;

std::string ErrorsOf(const std::string& toml) {
  Result<Framework> r = ParseFramework(toml, "f.toml");
  return r ? std::string("(no error)") : r.error().message();
}

TEST(InfrastructureFrameworkTest, HasTheSeedsTracksInOrder) {
  const Framework& fw = Infrastructure();
  auto ids = [&](const char* track) {
    std::vector<std::string> out;
    for (const Role* r : fw.RolesOfTrack(track)) out.push_back(r->id);
    return out;
  };
  EXPECT_EQ(ids("technical"),
            (std::vector<std::string>{"helpdesk", "ops", "deployment", "design", "scripting"}));
  EXPECT_EQ(ids("management"), (std::vector<std::string>{"ops-manager", "engineering-manager",
                                                         "it-manager", "infrastructure-architect"}));
  EXPECT_EQ(ids("development"),
            (std::vector<std::string>{"developer", "senior-developer", "solutions-architect"}));
  EXPECT_TRUE(fw.FindDestination("outside"));
  EXPECT_TRUE(fw.FindDestination("left-it"));
}

TEST(InfrastructureFrameworkTest, HasTheSevenArchitectCompetenciesTwoTechnical) {
  const Framework& fw = Infrastructure();
  ASSERT_EQ(fw.competencies.size(), 7u);
  int technical = 0;
  for (const Competency& c : fw.competencies) technical += c.group == "technical";
  EXPECT_EQ(technical, 2);
  for (const Role& r : fw.roles) EXPECT_EQ(r.requirements.size(), 7u) << r.id;
}

TEST(InfrastructureFrameworkTest, ListsTheSeedsTypicalMoves) {
  const Framework& fw = Infrastructure();
  MoveClass design_to_itm = fw.Classify("design", "it-manager");
  EXPECT_TRUE(design_to_itm.listed);
  EXPECT_TRUE(design_to_itm.typical);
  EXPECT_EQ(design_to_itm.kind, MoveKind::kCrossTrack);
  EXPECT_FALSE(fw.Classify("scripting", "infrastructure-architect").typical);
  EXPECT_EQ(fw.RoleForTitle("it manager")->id, "it-manager");
  EXPECT_EQ(fw.RoleForTitle("Service-Desk  Analyst")->id, "helpdesk");
}

TEST(FrameworkTest, DerivesMoveKinds) {
  const Framework fw = Small();
  EXPECT_EQ(fw.Classify("junior", "mid").kind, MoveKind::kPromotion);
  EXPECT_EQ(fw.Classify("senior", "mid").kind, MoveKind::kStepBack);
  EXPECT_EQ(fw.Classify("outside", "mid").kind, MoveKind::kEntry);
  EXPECT_EQ(fw.Classify("mid", "left-it").kind, MoveKind::kExit);
  EXPECT_EQ(fw.Classify("mid", "mid").kind, MoveKind::kStay);
  const MoveClass up = fw.Classify("junior", "lead");
  EXPECT_EQ(up.kind, MoveKind::kCrossTrack);
  EXPECT_EQ(up.level_change, LevelChange::kRises);
  EXPECT_EQ(fw.Classify("mid", "lead").level_change, LevelChange::kSame);
  EXPECT_EQ(fw.Classify("senior", "lead").level_change, LevelChange::kFalls);
}

TEST(FrameworkTest, PolicyListedForbidsUnlistedMovesOfThatKind) {
  std::string toml = std::string(kSmallFramework) + R"toml(
[[move]]
from = "mid"
to = "lead"
typical = true

[policy]
cross_track = "listed"
skip_level = "listed"
)toml";
  Result<Framework> fw = ParseFramework(toml, "f.toml");
  ASSERT_TRUE(fw) << fw.error().message();
  EXPECT_TRUE(fw->Classify("mid", "lead").allowed);
  EXPECT_FALSE(fw->Classify("junior", "lead").allowed);
  EXPECT_TRUE(fw->Classify("junior", "mid").allowed);
  EXPECT_FALSE(fw->Classify("junior", "senior").allowed);  // skips mid
  EXPECT_TRUE(fw->Classify("senior", "junior").allowed);   // step_back = any
}

TEST(FrameworkTest, NormalizesTitles) {
  EXPECT_EQ(NormalizeTitle("  Sr. System-Administrator "), "sr system administrator");
  EXPECT_EQ(NormalizeTitle("IT  Manager"), "it manager");
  EXPECT_EQ(NormalizeTitle("Ingénieur"), "ingénieur");
  EXPECT_EQ(NormalizeTitle("--"), "");
}

TEST(FrameworkLoaderTest, ReportsEveryProblemWithLineAndColumn) {
  const std::string errors = ErrorsOf(R"toml([framework]
id = "x"
name = "X"
version = "1"

[[competency]]
id = "depth"
name = "Depth"
group = "technical"
scale = [1, 5]

[[track]]
id = "tech"
name = "Tech"
kind = "technical"

[[role]]
id = "a"
name = "A"
track = "tech"
level = 1
requires = { depth = 9, breadth = 2 }

[[role]]
id = "b"
name = "B"
track = "teck"
level = 1
aliases = ["Same"]

[[role]]
id = "c"
name = "C"
track = "tech"
level = 1
aliases = ["same"]

[[move]]
from = "a"
to = "a"
)toml");
  EXPECT_NE(errors.find("f.toml:22:22: role 'a' requires depth level 9, outside the competency's scale [1, 5]"),
            std::string::npos) << errors;
  EXPECT_NE(errors.find("f.toml:22:25: role 'a' requires unknown competency 'breadth'; expected one of 'depth'"),
            std::string::npos) << errors;
  EXPECT_NE(errors.find("f.toml:27:9: role 'b': unknown track 'teck'; expected one of 'tech'"),
            std::string::npos) << errors;
  EXPECT_NE(errors.find("f.toml:35:9: role 'c': level 1 of track 'tech' is already taken by role 'a'"),
            std::string::npos) << errors;
  EXPECT_NE(errors.find("f.toml:36:12: role 'c': alias 'same' is already claimed by role 'b' as 'Same' (line 29)"),
            std::string::npos) << errors;
  EXPECT_NE(errors.find("f.toml:38:1: move 'a' -> 'a': a move must go from one state to another"),
            std::string::npos) << errors;
}

TEST(FrameworkLoaderTest, ReportsSyntaxErrorsAndUnknownKeys) {
  EXPECT_NE(ErrorsOf("[framework\nid = 1").find("f.toml:1:"), std::string::npos);
  EXPECT_NE(ErrorsOf("[framework\nid = 1").find("TOML syntax error"), std::string::npos);
  const std::string errors = ErrorsOf(std::string(kSmallFramework) + "\n[[track]]\nid = \"x\"\nname = \"X\"\nkind = \"k\"\ncolour = \"red\"\n");
  EXPECT_NE(errors.find("unknown key 'colour' in [[track]]; expected one of 'id', 'name', 'kind', 'description'"),
            std::string::npos) << errors;
  EXPECT_NE(errors.find("track 'x' has no roles"), std::string::npos) << errors;
}

TEST(FrameworkLoaderTest, RejectsAGivenKindThatContradictsTheDerivedOne) {
  const std::string errors = ErrorsOf(std::string(kSmallFramework) +
                                      "\n[[move]]\nfrom = \"junior\"\nto = \"mid\"\nkind = \"step-back\"\n");
  EXPECT_NE(errors.find("move 'junior' -> 'mid': kind \"step-back\" contradicts the framework, which makes it \"promotion\""),
            std::string::npos) << errors;
}

TEST(FrameworkExportTest, TomlExportLoadsBackEqual) {
  const Framework& fw = Infrastructure();
  const std::string toml = FrameworkToToml(fw);
  Result<Framework> again = ParseFramework(toml, "exported.toml");
  ASSERT_TRUE(again) << again.error().message();
  EXPECT_EQ(FrameworkToJson(*again), FrameworkToJson(fw));
}

}  // namespace
}  // namespace careergraph

namespace careergraph {
namespace {

// Found by fuzz_framework_toml: each exported to TOML that did not load back, or loaded back
// different.
TEST(FrameworkExportTest, AwkwardStringsAndEmptyAliasesRoundTrip) {
  Framework fw = testing::Small();
  fw.description = "\nstarts with a line break, holds ''' and \"\"\" and a tab\there";
  fw.roles[0].aliases.clear();
  fw.Index();
  const std::string toml = FrameworkToToml(fw);
  Result<Framework> again = ParseFramework(toml, "exported.toml");
  ASSERT_TRUE(again) << again.error().message() << "\n" << toml;
  EXPECT_EQ(again->description, fw.description);
  EXPECT_EQ(FrameworkToToml(*again), toml);
}

// Found by fuzz_framework_toml: toml++ 3.3 has undefined behaviour on these; we refuse first.
TEST(FrameworkLoaderTest, RejectsNonAsciiOutsideStringsButNotInside) {
  Result<Framework> bad = ParseFramework("[framework]\nid = \"x\"\nname = a \xC3\xA9\n", "u.toml");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message(), "u.toml:3:10: TOML syntax error: a non-ASCII character outside a "
                                   "string or comment; quote the value (\"...\") or the key");
  std::string ok = std::string(testing::kSmallFramework) +
                   "# Ingénieur — comments may hold any text\n[[destination]]\nid = \"abroad\"\n"
                   "name = \"À l'étranger\"\ndescription = '''\nMulti-line « literal » '''\n";
  Result<Framework> good = ParseFramework(ok, "ok.toml");
  ASSERT_TRUE(good) << good.error().message();
  EXPECT_EQ(good->FindDestination("abroad")->name, "À l'étranger");
}

}  // namespace
}  // namespace careergraph
