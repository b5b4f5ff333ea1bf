// Output for the CLI: the terminal progress bar (tables: render/table.h). Private to the command line.
#ifndef CAREERGRAPH_CLI_OUTPUT_H_
#define CAREERGRAPH_CLI_OUTPUT_H_

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "careergraph/base/progress.h"
#include "careergraph/base/status.h"
#include "careergraph/render/table.h"  // Table, Cell, Format, Render

namespace careergraph::cli {

// What a command writes — its standard output and the files it is asked to write (--svg, --html,
// --out) — kept in memory on this thread instead: how the server runs the CLI's commands, so the
// API answers with exactly what the command line prints (cli/api.cc). While one is alive on a
// thread, WriteOutput() writes into it, TerminalProgress draws nothing and leaves the signal
// handlers alone, and long work is cancelled once `deadline` has passed. One per thread at a time.
class CapturedOutput {
 public:
  explicit CapturedOutput(std::chrono::steady_clock::time_point deadline);
  ~CapturedOutput();
  CapturedOutput(const CapturedOutput&) = delete;
  CapturedOutput& operator=(const CapturedOutput&) = delete;

  // The capture alive on this thread, or nullptr.
  static CapturedOutput* Current();
  bool Expired() const { return std::chrono::steady_clock::now() > deadline_; }

  std::string out;                           // what went to standard output
  std::map<std::string, std::string> files;  // path -> contents, for every file written

 private:
  std::chrono::steady_clock::time_point deadline_;
};

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
  CapturedOutput* capture_;  // when set: silent, cancelled at the capture's deadline
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
