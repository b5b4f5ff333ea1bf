// The one way careergraph includes toml++: exceptions off (parse errors are values, as all our
// errors are), and compiled once in toml_impl.cc rather than in every file that reads TOML.
// Private to src/: no toml++ type appears in a public header.
#ifndef CAREERGRAPH_SRC_FRAMEWORK_TOML_CONFIG_H_
#define CAREERGRAPH_SRC_FRAMEWORK_TOML_CONFIG_H_

#define TOML_EXCEPTIONS 0
#define TOML_HEADER_ONLY 0
#define TOML_ENABLE_FORMATTERS 1
#include <toml++/toml.h>

#endif  // CAREERGRAPH_SRC_FRAMEWORK_TOML_CONFIG_H_
