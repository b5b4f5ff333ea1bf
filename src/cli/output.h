// Output for the CLI: one Table type rendered as an aligned text table, JSON or CSV, and the
// terminal progress bar. Private to the command line.
#ifndef CAREERGRAPH_CLI_OUTPUT_H_
#define CAREERGRAPH_CLI_OUTPUT_H_

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "careergraph/base/progress.h"
#include "careergraph/base/status.h"

namespace careergraph::cli {

enum class Format { kTable, kJson, kCsv };
Result<Format> ParseFormat(std::string_view name);

// A cell keeps its type so JSON gets numbers as numbers and absent values as null.
using Cell = std::variant<std::monostate, std::string, int64_t, double, bool>;

struct Table {
  std::string title;                 // printed above a text table; JSON/CSV ignore it
  std::vector<std::string> columns;  // names; JSON keys
  std::vector<std::vector<Cell>> rows;

  void AddRow(std::vector<Cell> row) { rows.push_back(std::move(row)); }
};

// Text table (columns aligned, numbers right-aligned), JSON (an array of objects) or CSV.
std::string Render(const Table& table, Format format);

// The bar: on a terminal it redraws one line in place (only when the shown value changes,
// and only once the work has run ~1 s); otherwise it prints a plain line every ~10 s and a last
// line when done. Draws on stderr so stdout stays clean for results.
class TerminalProgress final : public Progress {
 public:
  explicit TerminalProgress(FILE* out = stderr);
  ~TerminalProgress() override;
  void Start(std::string_view label, uint64_t total) override;
  void Advance(uint64_t done) override;
  void Finish() override;
  bool Cancelled() const override;

 private:
  void Draw(bool final);

  FILE* out_;
  bool tty_;
  std::string label_;
  uint64_t total_ = 0;
  uint64_t done_ = 0;
  int last_shown_ = -1;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace careergraph::cli

#endif  // CAREERGRAPH_CLI_OUTPUT_H_
