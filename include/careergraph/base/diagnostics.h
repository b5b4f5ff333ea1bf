// Diagnostics: every problem found in one input, collected so the user sees them all at once.
// Thread-safety: not thread-safe; one collector per input being checked.
//
// Each diagnostic prints as `FILE:LINE:COLUMN: message` (column omitted when 0, line omitted
// when 0), the form editors and compilers use, so a user can jump to the spot.
#ifndef CAREERGRAPH_BASE_DIAGNOSTICS_H_
#define CAREERGRAPH_BASE_DIAGNOSTICS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "careergraph/base/status.h"

namespace careergraph {

struct Diagnostic {
  std::string file;
  size_t line = 0;
  size_t column = 0;
  std::string message;

  std::string ToString() const;
};

class Diagnostics {
 public:
  // Stops recording (but keeps counting) after `limit` entries, so a million bad rows do not
  // flood the terminal.
  explicit Diagnostics(size_t limit = 200) : limit_(limit) {}

  void Add(std::string file, size_t line, size_t column, std::string message);
  bool empty() const { return count_ == 0; }
  // Orders the recorded entries by line, then column (stable: ties keep their order).
  void SortByPosition();
  size_t count() const { return count_; }
  const std::vector<Diagnostic>& entries() const { return entries_; }

  // OK when empty; otherwise `code` with every diagnostic on its own line, and a final line
  // "N more problems not shown" when the limit was reached.
  Status ToStatus(StatusCode code = StatusCode::kInvalidArgument) const;

 private:
  size_t limit_;
  size_t count_ = 0;
  std::vector<Diagnostic> entries_;
};

}  // namespace careergraph

#endif  // CAREERGRAPH_BASE_DIAGNOSTICS_H_
