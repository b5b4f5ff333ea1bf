// Output for the CLI: the terminal progress bar (tables: render/table.h). Private to the command line.
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
#include "careergraph/render/table.h"  // Table, Cell, Format, Render

namespace careergraph::cli {

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
