// Helpers shared by the unit tests: the bundled framework, and small inline frameworks.
#ifndef CAREERGRAPH_TESTS_UNIT_TEST_UTIL_H_
#define CAREERGRAPH_TESTS_UNIT_TEST_UTIL_H_

#include <string>

#include <gtest/gtest.h>

#include "careergraph/framework/loader.h"

namespace careergraph::testing {

inline std::string SourcePath(const std::string& relative) {
  return std::string(CG_SOURCE_DIR) + "/" + relative;
}

// The seed's framework, loaded once.
inline const Framework& Infrastructure() {
  static const Framework fw = [] {
    Result<Framework> r = LoadFrameworkFile(SourcePath("frameworks/infrastructure.toml"));
    if (!r) {
      ADD_FAILURE() << r.error().message();
      return Framework();
    }
    return std::move(*r);
  }();
  return fw;
}

// A small valid framework: two tracks, five roles, two destinations.
inline constexpr const char* kSmallFramework = R"toml(
[framework]
id = "small"
name = "Small"
version = "1"

[[competency]]
id = "depth"
name = "Depth"
group = "technical"
scale = [1, 5]

[[track]]
id = "tech"
name = "Technical"
kind = "technical"

[[track]]
id = "mgmt"
name = "Management"
kind = "management"

[[role]]
id = "junior"
name = "Junior"
track = "tech"
level = 1
aliases = ["Junior Engineer", "Jr. Engineer"]
requires = { depth = 1 }

[[role]]
id = "mid"
name = "Mid"
track = "tech"
level = 2
aliases = ["Engineer"]

[[role]]
id = "senior"
name = "Senior"
track = "tech"
level = 3
aliases = ["Senior Engineer"]

[[role]]
id = "lead"
name = "Lead"
track = "mgmt"
level = 2
aliases = ["Team Lead"]

[[role]]
id = "head"
name = "Head"
track = "mgmt"
level = 3

[[destination]]
id = "outside"
name = "Outside"

[[destination]]
id = "left-it"
name = "Left IT"
)toml";

inline Framework Small() {
  Result<Framework> r = ParseFramework(kSmallFramework, "small.toml");
  EXPECT_TRUE(r) << (r ? "" : r.error().message());
  return r ? std::move(*r) : Framework();
}

}  // namespace careergraph::testing

#endif  // CAREERGRAPH_TESTS_UNIT_TEST_UTIL_H_
