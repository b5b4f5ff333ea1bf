#include "careergraph/render/table.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "careergraph/io/csv.h"

namespace careergraph {
namespace {

// A cell as text: numbers in full (shortest round-trip form) for CSV, rounded to two decimals
// for a table a person reads.
std::string CellText(const Cell& c, bool for_reading) {
  struct Visitor {
    bool for_reading;
    std::string operator()(std::monostate) const { return ""; }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(int64_t v) const { return std::to_string(v); }
    std::string operator()(double v) const { return for_reading ? fmt::format("{:.2f}", v) : fmt::format("{}", v); }
    std::string operator()(bool v) const { return v ? "true" : "false"; }
  };
  return std::visit(Visitor{for_reading}, c);
}

// Display width of UTF-8 text: code points (good enough for the Latin scripts titles use).
size_t Width(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

Result<Format> ParseFormat(std::string_view name) {
  if (name == "table") return Format::kTable;
  if (name == "json") return Format::kJson;
  if (name == "csv") return Format::kCsv;
  return Error(Status::Invalid(fmt::format("--format '{}': expected table, json or csv", name)));
}

std::string Render(const Table& t, Format format) {
  if (format == Format::kJson) {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const auto& row : t.rows) {
      nlohmann::ordered_json obj = nlohmann::ordered_json::object();
      for (size_t i = 0; i < t.columns.size() && i < row.size(); ++i) {
        std::visit([&](const auto& v) {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, std::monostate>) obj[t.columns[i]] = nullptr;
          else obj[t.columns[i]] = v;
        }, row[i]);
      }
      arr.push_back(std::move(obj));
    }
    return arr.dump(2) + "\n";
  }
  if (format == Format::kCsv) {
    std::string out;
    for (size_t i = 0; i < t.columns.size(); ++i) {
      if (i) out += ',';
      AppendCsvField(&out, t.columns[i]);
    }
    out += '\n';
    for (const auto& row : t.rows) {
      for (size_t i = 0; i < row.size(); ++i) {
        if (i) out += ',';
        AppendCsvField(&out, CellText(row[i], false));
      }
      out += '\n';
    }
    return out;
  }
  std::vector<size_t> width(t.columns.size());
  std::vector<bool> numeric(t.columns.size(), true);
  for (size_t i = 0; i < t.columns.size(); ++i) width[i] = Width(t.columns[i]);
  std::vector<std::vector<std::string>> text;
  for (const auto& row : t.rows) {
    text.emplace_back();
    for (size_t i = 0; i < row.size() && i < width.size(); ++i) {
      text.back().push_back(CellText(row[i], true));
      width[i] = std::max(width[i], Width(text.back().back()));
      if (std::holds_alternative<std::string>(row[i]) || std::holds_alternative<bool>(row[i])) numeric[i] = false;
    }
  }
  std::string out;
  if (!t.title.empty()) out += t.title + "\n";
  auto line = [&](const std::vector<std::string>& cells, bool header) {
    std::string l;
    for (size_t i = 0; i < cells.size(); ++i) {
      const size_t pad = width[i] - Width(cells[i]);
      if (i) l += "  ";
      if (numeric[i] && !header) l += std::string(pad, ' ') + cells[i];
      else l += cells[i] + (i + 1 < cells.size() ? std::string(pad, ' ') : "");
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out += l + "\n";
  };
  line(t.columns, true);
  std::vector<std::string> rule;
  for (size_t w : width) rule.push_back(std::string(w, '-'));
  line(rule, true);
  for (const auto& row : text) line(row, false);
  return out;
}

}  // namespace careergraph
