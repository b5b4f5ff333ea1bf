// Fuzzes the TOML framework loader (ParseFramework) with arbitrary text. Property: no crash or
// sanitizer report; a loaded framework exports to TOML that loads again, JSON export never throws.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include "careergraph/framework/export.h"
#include "careergraph/framework/loader.h"
#include "fuzz_util.h"

using careergraph::fuzz::Fail;

// No input is skipped: toml++ 3.3's undefined behaviour on non-ASCII whitespace
// (tomlplusplus #190, #295) is kept from toml++ by the loader's own pre-parse check
// (FindNonAsciiOutsideStrings in src/framework/toml_config.h), which this target exercises too.

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace careergraph;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<Framework> fw = ParseFramework(text, "fuzz.toml");
  if (!fw) {
    if (fw.error().ok() || fw.error().message().empty()) Fail("an error without a message", "");
    return 0;
  }

  try {
    if (FrameworkToJson(*fw).empty()) Fail("FrameworkToJson returned nothing", "");
  } catch (const std::exception& e) {
    Fail("FrameworkToJson threw", e.what());
  }

  // export.h: "loading it gives an equal framework" — so the export loads, and exports the same.
  const std::string toml = FrameworkToToml(*fw);
  Result<Framework> again = ParseFramework(toml, "fuzz-export.toml");
  if (!again) Fail("the exported TOML does not load", again.error().message() + "\n---\n" + toml);
  const std::string toml2 = FrameworkToToml(*again);
  if (toml2 != toml) Fail("export -> load -> export differs", toml + "\n---\n" + toml2);
  return 0;
}
