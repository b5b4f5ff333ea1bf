// Fuzzes the model file reader (ModelFromJson) against frameworks/infrastructure.toml.
// Properties: no crash or sanitizer report; an error always has a message; a model that reads
// writes back to JSON that reads again to the same JSON (a fixed point), and planning on it
// (next moves, the absorbing chain, one plan) neither crashes nor yields probabilities outside
// [0, 1].
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "careergraph/plan/model.h"
#include "careergraph/plan/plan.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  (void)careergraph::fuzz::BundledFramework();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace careergraph;
  const Framework& fw = fuzz::BundledFramework();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<CareerModel> m = ModelFromJson(text, "model.json", fw);
  if (!m) {
    if (m.error().ok() || m.error().message().empty()) fuzz::Fail("an error without a message", "");
    return 0;
  }
  const std::string once = ModelToJson(*m);
  Result<CareerModel> again = ModelFromJson(once, "model.json", fw);
  if (!again) fuzz::Fail("a written model does not read back", again.error().message());
  if (ModelToJson(*again) != once) fuzz::Fail("writing a model is not a fixed point", once);
  for (const ModelRole& r : m->roles) {
    Result<NextResult> next = NextMoves(*m, r.id, 400);
    if (!next) fuzz::Fail("next moves failed on a valid model", next.error().message());
    for (const NextMove& mv : next->moves) {
      if (!(mv.probability >= 0 && mv.probability <= 1 + 1e-9)) fuzz::Fail("next: probability out of range", mv.to);
    }
  }
  const ReachAll reach = ReachTarget(*m, "infrastructure-architect");
  for (double p : reach.probability) {
    if (!(p >= -1e-9 && p <= 1 + 1e-9) && !std::isnan(p)) fuzz::Fail("reach probability out of range", std::to_string(p));
  }
  (void)PlanPaths(*m, fw, "helpdesk", "infrastructure-architect", PlanOptions{});
  return 0;
}
