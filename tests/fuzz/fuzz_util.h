// Shared by the fuzz targets: the bundled framework, loaded once per process, and the trap that
// reports a broken invariant.
#ifndef CAREERGRAPH_TESTS_FUZZ_FUZZ_UTIL_H_
#define CAREERGRAPH_TESTS_FUZZ_FUZZ_UTIL_H_

#include <cstdio>
#include <cstdlib>
#include <string>

#include "careergraph/framework/loader.h"

namespace careergraph::fuzz {

// frameworks/infrastructure.toml; aborts (a broken build, not a finding) when it does not load.
inline const Framework& BundledFramework() {
  static const Framework* fw = [] {
    const std::string path = CG_SOURCE_DIR "/frameworks/infrastructure.toml";
    Result<Framework> r = LoadFrameworkFile(path);
    if (!r) {
      std::fprintf(stderr, "cannot load %s: %s\n", path.c_str(), r.error().message().c_str());
      std::abort();
    }
    return new Framework(std::move(*r));  // lives as long as the process
  }();
  return *fw;
}

[[noreturn]] inline void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "INVARIANT: %s\n%s\n", what, detail.c_str());
  __builtin_trap();
}

}  // namespace careergraph::fuzz

#endif  // CAREERGRAPH_TESTS_FUZZ_FUZZ_UTIL_H_
