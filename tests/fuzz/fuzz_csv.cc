// Fuzzes CsvReader, IsValidUtf8 and EditDistance with arbitrary bytes. Property: no crash or
// sanitizer report; rows re-read equal after AppendCsvField; IsValidUtf8 matches a reference.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "careergraph/io/csv.h"

namespace {

using careergraph::CsvReader;
using careergraph::CsvRow;
using Rows = std::vector<std::vector<std::string>>;

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "INVARIANT: %s\n", what);
  __builtin_trap();
}

// Well-formed UTF-8 as in the Unicode Standard, table 3-7, byte range by byte range.
bool ReferenceUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c == 0xE0) {
      len = 3, lo = 0xA0;
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
      len = 3;
    } else if (c == 0xED) {
      len = 3, hi = 0x9F;
    } else if (c == 0xF0) {
      len = 4, lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
      len = 4;
    } else if (c == 0xF4) {
      len = 4, hi = 0x8F;
    } else {
      return false;
    }
    if (n - i < len) return false;
    if (p[i + 1] < lo || p[i + 1] > hi) return false;
    for (size_t k = 2; k < len; ++k) {
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return false;
    }
    i += len;
  }
  return true;
}

void CheckUtf8(std::string_view s) {
  if (careergraph::IsValidUtf8(s) != ReferenceUtf8(s)) Fail("IsValidUtf8 disagrees with reference");
}

// Reads every row, copying the fields (quoted ones live in the reader's scratch space only
// until the next row). Returns false when the reader reported a malformed row.
bool ReadAll(std::string_view text, Rows* rows) {
  CsvReader reader(text);
  CsvRow row;
  size_t last_line = 0;
  while (reader.Next(&row)) {
    if (row.line < 1 || row.line < last_line) Fail("row line numbers go backwards");
    if (row.fields.empty()) Fail("a row without fields");  // blank lines are skipped
    last_line = row.line;
    auto& out = rows->emplace_back();
    for (std::string_view f : row.fields) out.emplace_back(f);
    if (reader.bytes_consumed() > text.size()) Fail("read past the end");
  }
  if (!reader.status().ok()) {
    if (reader.status().message().empty()) Fail("an error without a message");
    return false;
  }
  if (reader.bytes_consumed() != text.size()) Fail("a clean end before the end of the text");
  return true;
}

// Writes rows back as CSV. A byte-order mark goes first, so that a first field which itself
// starts with one survives (the reader skips exactly one); and a row of one empty field is
// written "" because an empty line would be a blank line, which the reader skips.
std::string WriteAll(const Rows& rows) {
  std::string out = "\xEF\xBB\xBF";
  for (const auto& row : rows) {
    if (row.size() == 1 && row[0].empty()) {
      out += "\"\"\n";
      continue;
    }
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) out += ',';
      careergraph::AppendCsvField(&out, row[i]);
    }
    out += '\n';
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckUtf8(text);

  Rows rows;
  const bool ok = ReadAll(text, &rows);
  for (const auto& row : rows) {
    for (const std::string& f : row) CheckUtf8(f);
  }
  // EditDistance is O(|a|·|b|): only on short fields, with its metric bounds checked.
  if (!rows.empty() && rows[0].size() >= 2 && rows[0][0].size() <= 64 && rows[0][1].size() <= 64) {
    const std::string& a = rows[0][0];
    const std::string& b = rows[0][1];
    const size_t d = careergraph::EditDistance(a, b);
    const size_t lo = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
    if (d < lo || d > std::max(a.size(), b.size()) || d != careergraph::EditDistance(b, a) ||
        (d == 0) != (a == b)) {
      Fail("EditDistance breaks a metric bound");
    }
  }
  if (!ok) return 0;

  const std::string written = WriteAll(rows);
  Rows again;
  if (!ReadAll(written, &again)) Fail("rows written with AppendCsvField do not read back");
  if (again != rows) Fail("rows written with AppendCsvField read back different");
  return 0;
}
