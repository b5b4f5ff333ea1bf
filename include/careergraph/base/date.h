// Date: a calendar day with the precision it was written in (year, month or day).
// Thread-safety: a value type.
//
// Careers are recorded as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `YYYY-MM` means the first of the
// month and `YYYY` the first of January. The precision is kept so that an export writes back
// exactly what was imported. Days are counted from 1970-01-01 in the proleptic Gregorian
// calendar (Hinnant's days_from_civil), so durations are plain integer differences.
#ifndef CAREERGRAPH_BASE_DATE_H_
#define CAREERGRAPH_BASE_DATE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "careergraph/base/status.h"

namespace careergraph {

enum class DatePrecision : uint8_t { kDay = 0, kMonth = 1, kYear = 2 };

struct Date {
  int32_t days = 0;  // days since 1970-01-01
  DatePrecision precision = DatePrecision::kDay;

  friend bool operator==(const Date& a, const Date& b) {
    return a.days == b.days && a.precision == b.precision;
  }
  friend bool operator<(const Date& a, const Date& b) { return a.days < b.days; }

  int Year() const;
  int Month() const;  // 1..12
  int Day() const;    // 1..31

  // Writes the date at its own precision: "2004", "2004-03" or "2004-03-15".
  std::string ToString() const;
  // Appends the same text to `out` (no temporary string: export writes millions of dates).
  void AppendTo(std::string* out) const;

  // Packs days and precision into one integer (days * 4 + precision) for storage.
  int64_t Pack() const { return static_cast<int64_t>(days) * 4 + static_cast<int>(precision); }
  static Date Unpack(int64_t packed);
};

// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (years 1000..9999). The error message says what was
// expected; callers prefix it with file, line and field.
Result<Date> ParseDate(std::string_view text);

// The date from a calendar triple; `month` 1..12, `day` 1..31 (not checked).
Date MakeDate(int year, int month, int day, DatePrecision precision = DatePrecision::kDay);

int32_t DaysFromCivil(int year, int month, int day);

}  // namespace careergraph

#endif  // CAREERGRAPH_BASE_DATE_H_
