// Loading a framework from its TOML file, with validation that reports every problem at once.
// Thread-safety: free functions without shared state; safe to call from any thread.
//
// The file format is documented in docs/framework-format.md. Every problem is reported as
// `FILE:LINE:COLUMN: message` naming the offending id and what was expected; the Status code is
// kInvalidArgument (exit code 1) for anything wrong with the file, kIoError when it cannot be
// read.
#ifndef CAREERGRAPH_FRAMEWORK_LOADER_H_
#define CAREERGRAPH_FRAMEWORK_LOADER_H_

#include <string>
#include <string_view>

#include "careergraph/base/status.h"
#include "careergraph/model/framework.h"

namespace careergraph {

// Parses and validates TOML text; `file_name` is used in messages only.
Result<Framework> ParseFramework(std::string_view toml_text, std::string_view file_name);

// Reads `path` and parses it. `text` (optional) receives the file's contents, which the store
// keeps beside the parsed framework.
Result<Framework> LoadFrameworkFile(const std::string& path, std::string* text = nullptr);

}  // namespace careergraph

#endif  // CAREERGRAPH_FRAMEWORK_LOADER_H_
