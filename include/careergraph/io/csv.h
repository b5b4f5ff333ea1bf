// CsvReader: a fast RFC 4180 reader over text held in memory, with line numbers for messages.
// Thread-safety: one reader per thread; the text must outlive the reader and its rows.
//
// Fields are comma-separated; a field may be quoted with '"' (then it may hold commas, line
// breaks and doubled quotes ""); lines end in \n or \r\n; a UTF-8 byte-order mark at the start
// is skipped. Unquoted fields are views into the text; unescaped quoted fields live in the
// reader's scratch space until the next call to Next(). One pass, no allocation per field
// once the row buffers have grown.
#ifndef CAREERGRAPH_IO_CSV_H_
#define CAREERGRAPH_IO_CSV_H_

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "careergraph/base/status.h"

namespace careergraph {

struct CsvRow {
  size_t line = 0;                      // 1-based line where the row starts
  std::vector<std::string_view> fields;
};

class CsvReader {
 public:
  explicit CsvReader(std::string_view text);

  // Reads the next row. Returns false at the end of the text, or on a malformed row, in which
  // case status() says what was expected and error_line() / error_column() where (column 0
  // when the problem has no single column). Blank lines are skipped.
  bool Next(CsvRow* row);

  const Status& status() const { return status_; }
  size_t error_line() const { return error_line_; }
  size_t error_column() const { return error_column_; }
  size_t bytes_consumed() const { return pos_; }

 private:
  bool ParseQuoted(CsvRow* row, std::string* scratch);
  size_t LineStart() const;
  bool Fail(size_t line, size_t column, std::string message);

  std::string_view text_;
  size_t pos_ = 0;
  size_t line_ = 1;
  Status status_;
  size_t error_line_ = 0;
  size_t error_column_ = 0;
  // Quoted fields that needed unescaping. A deque, because appending to it never moves the
  // strings already there (whose short-string buffers the row's views point into).
  std::deque<std::string> scratch_;
  size_t scratch_used_ = 0;
};

// Writes one CSV field, quoting it when it holds a comma, quote, CR or LF (RFC 4180).
void AppendCsvField(std::string* out, std::string_view field);

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Levenshtein distance between two byte strings (Wagner–Fischer, O(|a|·|b|) time, O(|b|)
// memory); used to suggest the nearest known name for a misspelt one.
size_t EditDistance(std::string_view a, std::string_view b);

}  // namespace careergraph

#endif  // CAREERGRAPH_IO_CSV_H_
