#include "careergraph/io/csv.h"

#include <gtest/gtest.h>

namespace careergraph {
namespace {

// Reads every row; `error` receives "LINE:COLUMN: message" when the reader stops on one.
std::vector<std::vector<std::string>> ReadAll(std::string_view text, std::string* error = nullptr) {
  CsvReader r(text);
  CsvRow row;
  std::vector<std::vector<std::string>> out;
  while (r.Next(&row)) out.emplace_back(row.fields.begin(), row.fields.end());
  if (error) {
    *error = r.status().ok() ? "" : std::to_string(r.error_line()) + ":" +
                                        std::to_string(r.error_column()) + ": " + r.status().message();
  }
  return out;
}

TEST(CsvReaderTest, SplitsFieldsAndHandlesQuotesCrlfAndBom) {
  const auto rows = ReadAll("\xEF\xBB\xBF" "a,b,c\r\n1,\"x,y\",\"say \"\"hi\"\"\"\n\n2,,\"multi\nline\"\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"1", "x,y", "say \"hi\""}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"2", "", "multi\nline"}));
}

TEST(CsvReaderTest, ReportsTheLineWhereEachRowStarts) {
  CsvReader r("h\n\"a\nb\"\nc\n");
  CsvRow row;
  std::vector<size_t> lines;
  while (r.Next(&row)) lines.push_back(row.line);
  EXPECT_EQ(lines, (std::vector<size_t>{1, 2, 4}));
}

TEST(CsvReaderTest, KeepsEarlierUnescapedFieldsValidWhenLaterOnesAreUnescaped) {
  // Many escaped fields in one row: the views into scratch space must all stay valid.
  std::string text;
  for (int i = 0; i < 40; ++i) text += std::string(i ? "," : "") + "\"q\"\"" + std::to_string(i) + "\"";
  const auto rows = ReadAll(text + "\n");
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_EQ(rows[0].size(), 40u);
  for (int i = 0; i < 40; ++i) EXPECT_EQ(rows[0][i], "q\"" + std::to_string(i));
}

TEST(CsvReaderTest, RejectsUnterminatedQuoteWithItsLine) {
  std::string e;
  ReadAll("a,b\n1,\"open\n2,3\n", &e);
  EXPECT_EQ(e, "2:0: a quoted field is never closed; expected a closing quote (\")");
}

TEST(CsvReaderTest, RejectsTextAfterAClosingQuoteAndStrayQuotes) {
  std::string e;
  ReadAll("a\n\"x\"y\n", &e);
  EXPECT_EQ(e.substr(0, 62), "2:4: unexpected character after a quoted field; expected a com");
  ReadAll("a\nx\"y\n", &e);
  EXPECT_EQ(e.substr(0, 43), "2:2: a quote inside an unquoted field; quot");
}

TEST(CsvWriterTest, QuotesOnlyWhenNeededAndRoundTrips) {
  std::string out;
  for (std::string_view f : {"plain", "a,b", "say \"x\"", "two\nlines", ""}) {
    if (!out.empty()) out += ',';
    AppendCsvField(&out, f);
  }
  EXPECT_EQ(out, "plain,\"a,b\",\"say \"\"x\"\"\",\"two\nlines\",");
  const auto rows = ReadAll(out + "\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"plain", "a,b", "say \"x\"", "two\nlines", ""}));
}

TEST(Utf8Test, AcceptsWellFormedAndRejectsMalformed) {
  EXPECT_TRUE(IsValidUtf8("plain ascii text longer than eight bytes"));
  EXPECT_TRUE(IsValidUtf8("Ingénieur système — 日本 😀"));
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("abcdefgh\xFF"));
}

TEST(EditDistanceTest, IsLevenshtein) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("ops", "opps"), 1u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("abc", ""), 3u);
}

}  // namespace
}  // namespace careergraph
