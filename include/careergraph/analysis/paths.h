// Paths: the most frequent role sequences — contiguous sub-paths of careers, and whole
// careers — with how many people follow each.
// Thread-safety: pure functions of their inputs; safe to call concurrently.
//
// A career's sequence is its spells' states (roles, and destinations the data records) with
// consecutive repeats of one state collapsed (a title change is not a step). A sub-path of
// length k is k consecutive states of one sequence; its support is the number of people whose
// career contains it (each person counted once), its occurrences the number of times it appears.
#ifndef CAREERGRAPH_ANALYSIS_PATHS_H_
#define CAREERGRAPH_ANALYSIS_PATHS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "careergraph/base/status.h"
#include "careergraph/model/framework.h"
#include "careergraph/model/population.h"

namespace careergraph {

struct PathOptions {
  int64_t min_support = 2;  // people
  size_t min_length = 2;    // states in a sub-path
  size_t max_length = 4;
  size_t top = 20;          // rows per kind (0 = all)
  std::string from;         // sub-paths starting at this role (empty: any)
  std::string to;           // sub-paths ending at this role (empty: any)
};

struct PathCount {
  std::vector<std::string> states;
  int64_t people = 0;       // support
  int64_t occurrences = 0;
  double share = 0;         // people / all people
};

struct PathTable {
  int64_t people = 0;                    // people with at least one spell
  std::vector<PathCount> sub_paths;      // by people (desc), occurrences (desc), then the states
  std::vector<PathCount> whole_careers;  // by people (desc), then the states; --from/--to apply
                                         // to a career's first and last state
};

// kInvalidArgument for an unknown --from/--to role, or lengths with min > max or min < 2.
Result<PathTable> ComputePaths(const Population& population, const Framework& framework,
                               const PathOptions& options = {});

}  // namespace careergraph

#endif  // CAREERGRAPH_ANALYSIS_PATHS_H_
