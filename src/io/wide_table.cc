#include "careergraph/io/wide_table.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <unordered_map>

#include <fmt/format.h>

#include "careergraph/base/diagnostics.h"
#include "careergraph/io/csv.h"

namespace careergraph {

namespace {

// The column a name or 1-based index names, or -1.
long FindColumn(const std::vector<std::string>& header, std::string_view want) {
  for (size_t c = 0; c < header.size(); ++c) {
    if (header[c] == want) return static_cast<long>(c);
  }
  long index = 0;
  auto [ptr, ec] = std::from_chars(want.data(), want.data() + want.size(), index);
  if (ec == std::errc() && ptr == want.data() + want.size() && index >= 1 &&
      static_cast<size_t>(index) <= header.size()) {
    return index - 1;
  }
  return -1;
}

std::string Known(const std::vector<std::string>& header) {
  std::string out;
  for (size_t c = 0; c < header.size() && c < 12; ++c) out += (c ? ", " : "") + header[c];
  if (header.size() > 12) out += fmt::format(", ... ({} columns)", header.size());
  return out;
}

}  // namespace

Status ParseColumnRange(std::string_view range, WideTableOptions* options) {
  const size_t colon = range.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == range.size() ||
      range.find(':', colon + 1) != std::string_view::npos) {
    return Status::Invalid(fmt::format("--states '{}': expected FIRST:LAST (column names or 1-based indexes)", range));
  }
  options->first = std::string(range.substr(0, colon));
  options->last = std::string(range.substr(colon + 1));
  return Status::Ok();
}

Result<WideTable> ParseWideTable(std::string_view text, std::string_view file_name, const WideTableOptions& options) {
  const std::string file(file_name);
  CsvReader reader(text);
  CsvRow row;
  if (!reader.Next(&row)) {
    if (!reader.status().ok()) {
      return Error(Status::Invalid(fmt::format("{}:{}:{}: {}", file, reader.error_line(), reader.error_column(),
                                               reader.status().message())));
    }
    return Error(Status::Invalid(fmt::format("{}: empty; expected a header row, then one row per sequence", file)));
  }
  std::vector<std::string> header(row.fields.begin(), row.fields.end());
  const size_t header_line = row.line;
  auto column = [&](std::string_view what, const std::string& name) -> Result<long> {
    const long c = FindColumn(header, name);
    if (c < 0) {
      return Error(Status::Invalid(fmt::format("{}:{}: {} column '{}' is not in the header (a name or a 1-based "
                                               "index); the columns: {}", file, header_line, what, name, Known(header))));
    }
    return c;
  };
  if (options.first.empty() || options.last.empty()) {
    return Error(Status::Invalid("--states: give the state columns as FIRST:LAST"));
  }
  Result<long> first = column("--states: the first state", options.first);
  if (!first) return Error(first.error());
  Result<long> last = column("--states: the last state", options.last);
  if (!last) return Error(last.error());
  if (*last < *first) {
    return Error(Status::Invalid(fmt::format("{}:{}: --states {}:{}: the last column comes before the first", file,
                                             header_line, options.first, options.last)));
  }
  long id_col = -1, weight_col = -1;
  if (!options.id.empty()) {
    Result<long> c = column("--id", options.id);
    if (!c) return Error(c.error());
    id_col = *c;
  }
  if (!options.weight.empty()) {
    Result<long> c = column("--weight", options.weight);
    if (!c) return Error(c.error());
    weight_col = *c;
  }

  WideTable out;
  out.columns.assign(header.begin() + *first, header.begin() + *last + 1);
  Diagnostics diags;
  std::unordered_map<std::string, size_t> seen;  // id -> line
  while (reader.Next(&row)) {
    if (row.fields.size() != header.size()) {
      diags.Add(file, row.line, 0,
                fmt::format("{} fields; expected {}, as the header has", row.fields.size(), header.size()));
      continue;
    }
    const std::string id = id_col >= 0 ? std::string(row.fields[id_col]) : std::to_string(out.ids.size() + 1);
    if (id.empty()) {
      diags.Add(file, row.line, static_cast<size_t>(id_col) + 1, fmt::format("field '{}': empty; expected an id", header[id_col]));
      continue;
    }
    if (auto [it, inserted] = seen.emplace(id, row.line); !inserted) {
      diags.Add(file, row.line, static_cast<size_t>(id_col) + 1,
                fmt::format("field '{}': id '{}' again (first on line {})", header[id_col], id, it->second));
      continue;
    }
    double weight = 1;
    if (weight_col >= 0) {
      const std::string cell(row.fields[weight_col]);
      char* end = nullptr;
      weight = std::strtod(cell.c_str(), &end);
      if (cell.empty() || end != cell.c_str() + cell.size() || !std::isfinite(weight) || weight < 0) {
        diags.Add(file, row.line, static_cast<size_t>(weight_col) + 1,
                  fmt::format("field '{}': '{}' is not a weight; expected a number >= 0", header[weight_col], cell));
        continue;
      }
    }
    std::vector<std::string> states;
    long last_observed = -1;
    for (long c = *first; c <= *last; ++c) {
      if (!row.fields[c].empty()) last_observed = c;
    }
    if (last_observed < 0) {
      diags.Add(file, row.line, 0,
                fmt::format("sequence '{}' has no observed state in {}..{}", id, header[*first], header[*last]));
      continue;
    }
    for (long c = *first; c <= last_observed; ++c) {
      states.emplace_back(row.fields[c].empty() ? std::string_view("*") : row.fields[c]);
    }
    out.ids.push_back(id);
    out.rows.push_back(std::move(states));
    if (weight_col >= 0) out.weights.push_back(weight);
    out.lines.push_back(row.line);
  }
  if (!reader.status().ok()) {
    diags.Add(file, reader.error_line(), reader.error_column(), reader.status().message());
  }
  if (!diags.empty()) {
    diags.SortByPosition();
    return Error(diags.ToStatus());
  }
  if (out.rows.empty()) return Error(Status::Invalid(fmt::format("{}: no sequences after the header", file)));
  return out;
}

}  // namespace careergraph
