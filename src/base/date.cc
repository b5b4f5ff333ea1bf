#include "careergraph/base/date.h"

#include <fmt/format.h>

namespace careergraph {
namespace {

struct Civil {
  int year;
  int month;
  int day;
};

// Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms", civil_from_days.
Civil CivilFromDays(int32_t z) {
  z += 719468;
  const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
  const uint32_t doe = static_cast<uint32_t>(z - era * 146097);
  const uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int32_t y = static_cast<int32_t>(yoe) + era * 400;
  const uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const uint32_t mp = (5 * doy + 2) / 153;
  const uint32_t d = doy - (153 * mp + 2) / 5 + 1;
  const uint32_t m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` ASCII digits at `s[pos]`; -1 when they are not all digits.
int Digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

}  // namespace

int32_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int32_t era = (y >= 0 ? y : y - 399) / 400;
  const uint32_t yoe = static_cast<uint32_t>(y - era * 400);
  const uint32_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const uint32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int32_t>(doe) - 719468;
}

Date MakeDate(int year, int month, int day, DatePrecision precision) {
  return Date{DaysFromCivil(year, month, day), precision};
}

int Date::Year() const { return CivilFromDays(days).year; }
int Date::Month() const { return CivilFromDays(days).month; }
int Date::Day() const { return CivilFromDays(days).day; }

std::string Date::ToString() const {
  std::string out;
  AppendTo(&out);
  return out;
}

void Date::AppendTo(std::string* out) const {
  const Civil c = CivilFromDays(days);
  if (c.year < 0 || c.year > 9999) {  // not from ParseDate; written plainly rather than wrongly
    *out += fmt::format("{:04d}-{:02d}-{:02d}", c.year, c.month, c.day);
    return;
  }
  char buf[10];
  auto put = [&](int value, int width, char* at) {
    for (int i = width - 1; i >= 0; --i, value /= 10) at[i] = static_cast<char>('0' + value % 10);
  };
  put(c.year, 4, buf);
  size_t n = 4;
  if (precision != DatePrecision::kYear) {
    buf[4] = '-';
    put(c.month, 2, buf + 5);
    n = 7;
    if (precision == DatePrecision::kDay) {
      buf[7] = '-';
      put(c.day, 2, buf + 8);
      n = 10;
    }
  }
  out->append(buf, n);
}

Date Date::Unpack(int64_t packed) {
  int64_t p = packed % 4;
  int64_t d = packed / 4;
  if (p < 0) {  // floor division for dates before 1970
    p += 4;
    d -= 1;
  }
  return Date{static_cast<int32_t>(d), static_cast<DatePrecision>(p > 2 ? 0 : p)};
}

Result<Date> ParseDate(std::string_view s) {
  auto bad = [&](std::string_view why) {
    return Error(Status::Invalid(
        fmt::format("'{}' is not a date ({}); expected YYYY, YYYY-MM or YYYY-MM-DD", s, why)));
  };
  if (s.empty()) return bad("empty");
  const int year = Digits(s, 0, 4);
  if (year < 0) return bad("the year must be four digits");
  if (year < 1000) return bad("the year must be 1000 or later");
  if (s.size() == 4) return MakeDate(year, 1, 1, DatePrecision::kYear);
  if (s[4] != '-') return bad("a '-' must follow the year");
  const int month = Digits(s, 5, 2);
  if (month < 0) return bad("the month must be two digits");
  if (month < 1 || month > 12) return bad("the month must be 01 to 12");
  if (s.size() == 7) return MakeDate(year, month, 1, DatePrecision::kMonth);
  if (s[7] != '-') return bad("a '-' must follow the month");
  const int day = Digits(s, 8, 2);
  if (day < 0 || s.size() != 10) return bad("the day must be two digits");
  if (day < 1 || day > DaysInMonth(year, month)) {
    return bad(fmt::format("{:04d}-{:02d} has no day {:02d}", year, month, day));
  }
  return MakeDate(year, month, day, DatePrecision::kDay);
}

}  // namespace careergraph
