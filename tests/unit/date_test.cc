#include "careergraph/base/date.h"

#include <gtest/gtest.h>

namespace careergraph {
namespace {

TEST(DateTest, ParsesThreePrecisionsAndWritesThemBack) {
  struct Case {
    const char* text;
    int year, month, day;
    DatePrecision precision;
  } cases[] = {
      {"2004", 2004, 1, 1, DatePrecision::kYear},
      {"2004-03", 2004, 3, 1, DatePrecision::kMonth},
      {"2004-02-29", 2004, 2, 29, DatePrecision::kDay},
      {"1970-01-01", 1970, 1, 1, DatePrecision::kDay},
      {"1969-12-31", 1969, 12, 31, DatePrecision::kDay},
  };
  for (const Case& c : cases) {
    Result<Date> d = ParseDate(c.text);
    ASSERT_TRUE(d) << c.text << ": " << d.error().message();
    EXPECT_EQ(d->Year(), c.year) << c.text;
    EXPECT_EQ(d->Month(), c.month) << c.text;
    EXPECT_EQ(d->Day(), c.day) << c.text;
    EXPECT_EQ(d->precision, c.precision) << c.text;
    EXPECT_EQ(d->ToString(), c.text);
  }
}

TEST(DateTest, CountsDaysFromTheEpoch) {
  EXPECT_EQ(ParseDate("1970-01-01")->days, 0);
  EXPECT_EQ(ParseDate("1970-01-02")->days, 1);
  EXPECT_EQ(ParseDate("1969-12-31")->days, -1);
  EXPECT_EQ(ParseDate("2000-03-01")->days, 11017);  // date -d 2000-03-01 +%s / 86400
  EXPECT_EQ(ParseDate("2005")->days, ParseDate("2005-01-01")->days);
}

TEST(DateTest, RejectsMalformedDatesSayingWhy) {
  struct Case {
    const char* text;
    const char* why;
  } cases[] = {
      {"", "empty"},
      {"04", "four digits"},
      {"0999", "1000 or later"},
      {"2004/03", "a '-' must follow the year"},
      {"2004-13", "01 to 12"},
      {"2004-00", "01 to 12"},
      {"2004-3", "two digits"},
      {"2003-02-29", "has no day 29"},
      {"2004-04-31", "has no day 31"},
      {"2004-04-1", "two digits"},
      {"2004-04-011", "two digits"},
      {"2004-04-01T", "two digits"},
  };
  for (const Case& c : cases) {
    Result<Date> d = ParseDate(c.text);
    ASSERT_FALSE(d) << c.text;
    EXPECT_NE(d.error().message().find(c.why), std::string::npos) << d.error().message();
    EXPECT_NE(d.error().message().find("expected YYYY, YYYY-MM or YYYY-MM-DD"), std::string::npos);
  }
}

TEST(DateTest, PackKeepsDaysAndPrecisionIncludingBeforeTheEpoch) {
  for (const char* text : {"1969-12-31", "1900", "1969-06", "2024-02-29", "2030"}) {
    const Date d = *ParseDate(text);
    EXPECT_EQ(Date::Unpack(d.Pack()), d) << text;
  }
}

}  // namespace
}  // namespace careergraph
