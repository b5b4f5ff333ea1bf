// Writing a framework back out: JSON (schema in docs/framework.schema.json) and TOML.
// Thread-safety: free functions without shared state.
#ifndef CAREERGRAPH_FRAMEWORK_EXPORT_H_
#define CAREERGRAPH_FRAMEWORK_EXPORT_H_

#include <string>

#include "careergraph/model/framework.h"

namespace careergraph {

// The framework as JSON: every field, move kinds derived, roles in file order. Pretty-printed
// with two-space indentation and a trailing newline.
std::string FrameworkToJson(const Framework& framework);

// The framework as TOML in the documented layout; loading it gives an equal framework.
std::string FrameworkToToml(const Framework& framework);

}  // namespace careergraph

#endif  // CAREERGRAPH_FRAMEWORK_EXPORT_H_
