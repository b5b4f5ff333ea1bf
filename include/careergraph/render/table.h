// Tables: one Table type rendered as an aligned text table, JSON (an array of objects) or CSV —
// what every command prints and the report's text sections are made of.
// Thread-safety: pure functions of their inputs; safe to call concurrently.
#ifndef CAREERGRAPH_RENDER_TABLE_H_
#define CAREERGRAPH_RENDER_TABLE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "careergraph/base/status.h"

namespace careergraph {

enum class Format { kTable, kJson, kCsv };
Result<Format> ParseFormat(std::string_view name);

// A cell keeps its type so JSON gets numbers as numbers and absent values as null.
using Cell = std::variant<std::monostate, std::string, int64_t, double, bool>;

struct Table {
  std::string title;                 // printed above a text table; JSON/CSV ignore it
  std::vector<std::string> columns;  // names; JSON keys
  std::vector<std::vector<Cell>> rows;

  void AddRow(std::vector<Cell> row) { rows.push_back(std::move(row)); }
};

// Text table (columns aligned, numbers right-aligned), JSON (an array of objects) or CSV.
std::string Render(const Table& table, Format format);

}  // namespace careergraph

#endif  // CAREERGRAPH_RENDER_TABLE_H_
