// Titles versus roles: which titles the holders of a role carry, and which roles the carriers
// of a title actually do. The seed's point that infrastructure architects carry IT Manager
// titles is one row of this table.
// Thread-safety: pure functions of their inputs; safe to call concurrently.
#ifndef CAREERGRAPH_ANALYSIS_TITLES_H_
#define CAREERGRAPH_ANALYSIS_TITLES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "careergraph/base/status.h"
#include "careergraph/model/framework.h"
#include "careergraph/model/population.h"

namespace careergraph {

struct TitleOptions {
  std::string role;   // only this role (empty: every role)
  std::string title;  // only this title, compared after NormalizeTitle (empty: every title)
};

struct TitleRoleCount {
  std::string title;     // as first written in the data; "" = spells without a title
  std::string role;
  std::string alias_of;  // the role whose alias the title is ("" if none)
  int64_t spells = 0;
  int64_t people = 0;         // distinct people with such a spell
  double share_of_role = 0;   // spells / all spells in the role
  double share_of_title = 0;  // spells / all spells with the title (titled spells only)
};

struct TitleTable {
  // By role in framework order (roles by track and level), then spells (descending), then
  // titled before untitled, then titles in order of first appearance.
  std::vector<TitleRoleCount> rows;
};

// Spells in destinations are not counted (a destination has no title). kInvalidArgument for an
// unknown --role (with the nearest ids) or a --title that no spell carries.
Result<TitleTable> ComputeTitles(const Population& population, const Framework& framework,
                                 const TitleOptions& options = {});

}  // namespace careergraph

#endif  // CAREERGRAPH_ANALYSIS_TITLES_H_
