#include "careergraph/io/csv.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include <fmt/format.h>

namespace careergraph {

CsvReader::CsvReader(std::string_view text) : text_(text) {
  if (text_.size() >= 3 && std::memcmp(text_.data(), "\xEF\xBB\xBF", 3) == 0) pos_ = 3;
}

bool CsvReader::Next(CsvRow* row) {
  row->fields.clear();
  scratch_used_ = 0;
  const char* data = text_.data();
  const size_t n = text_.size();
  // Skip blank lines.
  while (pos_ < n && (data[pos_] == '\n' || data[pos_] == '\r')) {
    if (data[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= n) return false;
  row->line = line_;
  while (true) {
    if (pos_ < n && data[pos_] == '"') {
      if (scratch_used_ == scratch_.size()) scratch_.emplace_back();
      std::string* scratch = &scratch_[scratch_used_++];
      if (!ParseQuoted(row, scratch)) return false;
    } else {
      // Unquoted field: scan to the next comma or line end.
      const size_t start = pos_;
      while (pos_ < n) {
        const char c = data[pos_];
        if (c == ',' || c == '\n' || c == '\r') break;
        if (c == '"') {
          return Fail(line_, pos_ - LineStart() + 1,
                      "a quote inside an unquoted field; quote the whole field and double the "
                      "quote (\"\")");
        }
        ++pos_;
      }
      row->fields.emplace_back(data + start, pos_ - start);
    }
    if (pos_ >= n) return true;
    const char c = data[pos_];
    if (c == ',') {
      ++pos_;
      continue;
    }
    if (c == '\r') {
      ++pos_;
      if (pos_ < n && data[pos_] == '\n') ++pos_;
      ++line_;
      return true;
    }
    if (c == '\n') {
      ++pos_;
      ++line_;
      return true;
    }
    return Fail(line_, pos_ - LineStart() + 1,
                "unexpected character after a quoted field; expected a comma or the end of the "
                "line");
  }
}

bool CsvReader::Fail(size_t line, size_t column, std::string message) {
  error_line_ = line;
  error_column_ = column;
  status_ = Status::Invalid(std::move(message));
  return false;
}

size_t CsvReader::LineStart() const {
  const size_t nl = text_.rfind('\n', pos_ == 0 ? 0 : pos_ - 1);
  return nl == std::string_view::npos ? 0 : nl + 1;
}

bool CsvReader::ParseQuoted(CsvRow* row, std::string* scratch) {
  const char* data = text_.data();
  const size_t n = text_.size();
  const size_t open_line = line_;
  ++pos_;  // opening quote
  const size_t start = pos_;
  // Fast path: no doubled quotes inside, so the field is a view into the text.
  bool escaped = false;
  while (true) {
    const char* q = static_cast<const char*>(std::memchr(data + pos_, '"', n - pos_));
    if (!q) {
      return Fail(open_line, 0, "a quoted field is never closed; expected a closing quote (\")");
    }
    const size_t qpos = static_cast<size_t>(q - data);
    line_ += static_cast<size_t>(std::count(data + pos_, q, '\n'));
    if (qpos + 1 < n && data[qpos + 1] == '"') {
      escaped = true;
      pos_ = qpos + 2;
      continue;
    }
    pos_ = qpos + 1;
    break;
  }
  std::string_view raw(data + start, pos_ - 1 - start);
  if (!escaped) {
    row->fields.push_back(raw);
    return true;
  }
  scratch->clear();
  for (size_t i = 0; i < raw.size(); ++i) {
    scratch->push_back(raw[i]);
    if (raw[i] == '"') ++i;  // skip the second quote of a doubled pair
  }
  row->fields.emplace_back(*scratch);
  return true;
}

void AppendCsvField(std::string* out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(field);
    return;
  }
  out->push_back('"');
  for (char c : field) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    // ASCII fast path, eight bytes at a time.
    while (end - p >= 8) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      if (w & 0x8080808080808080ULL) break;
      p += 8;
    }
    if (p >= end) break;
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (end - p < len) return false;
    for (int i = 1; i < len; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    p += len;
  }
  return true;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), size_t{0});
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace careergraph
