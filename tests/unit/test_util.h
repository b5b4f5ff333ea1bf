// Helpers shared by the unit tests: the bundled framework, and small inline frameworks.
#ifndef CAREERGRAPH_TESTS_UNIT_TEST_UTIL_H_
#define CAREERGRAPH_TESTS_UNIT_TEST_UTIL_H_

#include <string>

#include <gtest/gtest.h>

#include "careergraph/analysis/sequences.h"
#include "careergraph/base/file.h"
#include "careergraph/framework/loader.h"
#include "careergraph/io/wide_table.h"

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

// mvad (tests/data/sequences/mvad.csv) as Gabadinho et al. (2011) set it up: columns 17:86
// (Sep.93 .. Jun.99), the case weights, and the alphabet employment, FE, HE, joblessness,
// school, training under the paper's short names EM FE HE JL SC TR. Loaded once.
inline const SequenceSet& MvadSequences() {
  static const SequenceSet set = [] {
    Result<std::string> text = ReadFile(SourcePath("tests/data/sequences/mvad.csv"));
    if (!text) {
      ADD_FAILURE() << text.error().message();
      return SequenceSet();
    }
    WideTableOptions o;
    o.first = "17";
    o.last = "86";
    o.id = "id";
    o.weight = "weight";
    Result<WideTable> t = ParseWideTable(*text, "mvad.csv", o);
    if (!t) {
      ADD_FAILURE() << t.error().message();
      return SequenceSet();
    }
    const std::vector<std::string> values = {"employment", "FE", "HE", "joblessness", "school", "training"};
    const std::vector<std::string> codes = {"EM", "FE", "HE", "JL", "SC", "TR"};
    for (auto& row : t->rows) {
      for (std::string& cell : row) {
        for (size_t k = 0; k < values.size(); ++k) {
          if (cell == values[k]) cell = codes[k];
        }
      }
    }
    Result<SequenceSet> s = SequenceSet::FromStates(codes, t->rows, t->columns, t->weights);
    if (!s) {
      ADD_FAILURE() << s.error().message();
      return SequenceSet();
    }
    return std::move(*s);
  }();
  return set;
}

}  // namespace careergraph::testing

#endif  // CAREERGRAPH_TESTS_UNIT_TEST_UTIL_H_
