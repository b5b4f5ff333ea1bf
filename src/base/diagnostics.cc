#include "careergraph/base/diagnostics.h"

#include <algorithm>

#include <fmt/format.h>

namespace careergraph {

std::string Diagnostic::ToString() const {
  if (line == 0) return fmt::format("{}: {}", file, message);
  if (column == 0) return fmt::format("{}:{}: {}", file, line, message);
  return fmt::format("{}:{}:{}: {}", file, line, column, message);
}

void Diagnostics::Add(std::string file, size_t line, size_t column, std::string message) {
  ++count_;
  if (entries_.size() < limit_) {
    entries_.push_back({std::move(file), line, column, std::move(message)});
  }
}

void Diagnostics::SortByPosition() {
  std::stable_sort(entries_.begin(), entries_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
}

Status Diagnostics::ToStatus(StatusCode code) const {
  if (empty()) return Status::Ok();
  std::string text;
  for (const Diagnostic& d : entries_) {
    if (!text.empty()) text += '\n';
    text += d.ToString();
  }
  if (count_ > entries_.size()) {
    text += fmt::format("\n{} more problems not shown", count_ - entries_.size());
  }
  return Status(code, std::move(text));
}

}  // namespace careergraph
