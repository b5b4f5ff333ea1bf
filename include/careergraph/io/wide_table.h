// WideTable: sequence data in TraMineR's wide layout — one row per individual, one column per
// time unit — read from CSV (`careergraph seq ... --input FILE --states FIRST:LAST`).
// Thread-safety: the function is pure.
//
// The state columns are a contiguous range of the header, FIRST to LAST inclusive, each a header
// name or, when no column has that name, a 1-based index (TraMineR's `mvad[, 17:86]`). Optional columns give each row's id (default: the
// row's number, "1", "2", ...) and weight (default: none, every row weighs 1). State cells keep
// their text; an empty cell is missing data, which TraMineR's seqdef (left = NA, gaps = NA,
// right = "DEL") reads as: missing ("*") before the first and between observed states, and
// nothing at all — the row ends — after the last one. A row with no observed state at all is an
// error (TraMineR drops it with a warning; here the file names it).
#ifndef CAREERGRAPH_IO_WIDE_TABLE_H_
#define CAREERGRAPH_IO_WIDE_TABLE_H_

#include <string>
#include <string_view>
#include <vector>

#include "careergraph/base/status.h"

namespace careergraph {

struct WideTableOptions {
  std::string first;   // the first state column: a header name, else a 1-based index
  std::string last;    // the last state column (inclusive), likewise
  std::string id;      // the id column, or empty: "1".."n"
  std::string weight;  // the weight column, or empty: no weights
};

struct WideTable {
  std::vector<std::string> ids;
  std::vector<std::string> columns;  // the state columns' names
  // One row per individual, up to its last observed state; "*" for missing cells before it.
  std::vector<std::vector<std::string>> rows;
  std::vector<double> weights;       // empty when no weight column was given
  std::vector<size_t> lines;         // the file line of each row
};

// Parses `text` (CSV with a header). kInvalidArgument with "FILE:LINE:COLUMN: ..." naming the
// column and what was expected: an unknown or reversed column range, a duplicate id, a weight
// that is not a finite number >= 0, a row of the wrong width, a row with no observed state.
Result<WideTable> ParseWideTable(std::string_view text, std::string_view file_name, const WideTableOptions& options);

// "FIRST:LAST" (as `--states`) into the options' first and last; kInvalidArgument otherwise.
Status ParseColumnRange(std::string_view range, WideTableOptions* options);

}  // namespace careergraph

#endif  // CAREERGRAPH_IO_WIDE_TABLE_H_
