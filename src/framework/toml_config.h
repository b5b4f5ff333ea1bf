// The one way careergraph includes toml++: exceptions off (parse errors are values, as all our
// errors are), and compiled once in toml_impl.cc rather than in every file that reads TOML.
// Private to src/: no toml++ type appears in a public header.
#ifndef CAREERGRAPH_SRC_FRAMEWORK_TOML_CONFIG_H_
#define CAREERGRAPH_SRC_FRAMEWORK_TOML_CONFIG_H_

#define TOML_EXCEPTIONS 0
#define TOML_HEADER_ONLY 0
#define TOML_ENABLE_FORMATTERS 1
#include <toml++/toml.h>

#include <cstddef>
#include <optional>
#include <string_view>

namespace careergraph {

// Where a non-ASCII character stands outside every string and comment of a TOML text, if one
// does (1-based line and byte column). TOML allows such characters only inside strings and
// comments, so this is always a syntax error; we report it ourselves *before* toml++ sees the
// text, because toml++ 3.3's is_non_ascii_horizontal_whitespace() reaches TOML_UNREACHABLE
// (undefined behaviour) for many such characters (tomlplusplus issues #190, #295).
struct TomlPosition {
  size_t line;
  size_t column;
};
std::optional<TomlPosition> FindNonAsciiOutsideStrings(std::string_view text);

}  // namespace careergraph

#endif  // CAREERGRAPH_SRC_FRAMEWORK_TOML_CONFIG_H_
