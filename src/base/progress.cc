#include "careergraph/base/progress.h"

namespace careergraph {
namespace {

class NoProgress final : public Progress {
 public:
  void Start(std::string_view, uint64_t) override {}
  void Advance(uint64_t) override {}
  void Finish() override {}
};

}  // namespace

Progress& NullProgress() {
  static NoProgress progress;
  return progress;
}

}  // namespace careergraph
