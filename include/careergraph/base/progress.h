// Progress: the one interface long-running work reports through.
// Thread-safety: implementations must accept calls from the thread doing the work; the CLI's
// terminal bar is not shared between threads.
//
// Work calls Start(label, total) once, Advance(n) as it goes (cheap: implementations throttle
// their own redraws), and Finish() at the end. The CLI draws a bar on a terminal and plain
// lines otherwise; a server can stream the same calls. Cancelled() lets work stop cleanly.
#ifndef CAREERGRAPH_BASE_PROGRESS_H_
#define CAREERGRAPH_BASE_PROGRESS_H_

#include <cstdint>
#include <string_view>

namespace careergraph {

class Progress {
 public:
  virtual ~Progress() = default;
  // `total` = 0 means unknown.
  virtual void Start(std::string_view label, uint64_t total) = 0;
  virtual void Advance(uint64_t n) = 0;
  virtual void Finish() = 0;
  virtual bool Cancelled() const { return false; }
};

// A Progress that ignores everything; what library callers get by default.
Progress& NullProgress();

}  // namespace careergraph

#endif  // CAREERGRAPH_BASE_PROGRESS_H_
