// Fuzzes the careers import (ParseCareers) against frameworks/infrastructure.toml: built twice,
// as fuzz_careers_csv and (with CG_FUZZ_JSON) fuzz_careers_json. Property: no crash or sanitizer
// report; an error always has a message; imported careers write back to a file that re-imports
// and writes again byte for byte (careers.h's promise), and writing the other format never throws.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "careergraph/io/careers.h"
#include "fuzz_util.h"

namespace {

#ifdef CG_FUZZ_JSON
constexpr careergraph::CareerFormat kFormat = careergraph::CareerFormat::kJson;
constexpr careergraph::CareerFormat kOtherFormat = careergraph::CareerFormat::kCsv;
constexpr const char* kFileName = "fuzz.json";
#else
constexpr careergraph::CareerFormat kFormat = careergraph::CareerFormat::kCsv;
constexpr careergraph::CareerFormat kOtherFormat = careergraph::CareerFormat::kJson;
constexpr const char* kFileName = "fuzz.csv";
#endif

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  (void)careergraph::fuzz::BundledFramework();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace careergraph;
  using fuzz::Fail;
  const Framework& fw = fuzz::BundledFramework();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<CareerSet> careers = ParseCareers(text, kFileName, kFormat, fw);
  if (!careers) {
    if (careers.error().ok() || careers.error().message().empty()) Fail("an error without a message", "");
    return 0;
  }
  std::string written;
  try {
    written = WriteCareers(*careers, kFormat);
    (void)WriteCareers(*careers, kOtherFormat);
  } catch (const std::exception& e) {
    Fail("writing imported careers threw", e.what());
  }
  Result<CareerSet> again = ParseCareers(written, kFileName, kFormat, fw);
  if (!again) Fail("written careers do not import", again.error().message() + "\n---\n" + written);
  const std::string rewritten = WriteCareers(*again, kFormat);
  if (rewritten != written) Fail("read -> write -> read -> write differs", written + "\n---\n" + rewritten);
  return 0;
}
