// The single translation unit that compiles toml++'s implementation (see toml_config.h), and
// the pre-parse guard declared there.
#define TOML_IMPLEMENTATION
#include "framework/toml_config.h"

namespace careergraph {

std::optional<TomlPosition> FindNonAsciiOutsideStrings(std::string_view t) {
  enum class State { kCode, kComment, kBasic, kLiteral, kMultiBasic, kMultiLiteral };
  State state = State::kCode;
  size_t line = 1, line_start = 0;
  auto starts = [&](size_t i, std::string_view s) { return t.substr(i, s.size()) == s; };
  for (size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '\n') {
      ++line;
      line_start = i + 1;
      // Single-line strings and comments end at the line's end (an unclosed string is
      // toml++'s to report).
      if (state == State::kComment || state == State::kBasic || state == State::kLiteral) {
        state = State::kCode;
      }
      continue;
    }
    switch (state) {
      case State::kCode:
        if (static_cast<unsigned char>(c) >= 0x80) return TomlPosition{line, i - line_start + 1};
        if (c == '#') state = State::kComment;
        else if (starts(i, "\"\"\"")) { state = State::kMultiBasic; i += 2; }
        else if (starts(i, "'''")) { state = State::kMultiLiteral; i += 2; }
        else if (c == '"') state = State::kBasic;
        else if (c == '\'') state = State::kLiteral;
        break;
      case State::kComment:
        break;
      case State::kBasic:
        if (c == '\\') ++i;
        else if (c == '"') state = State::kCode;
        break;
      case State::kLiteral:
        if (c == '\'') state = State::kCode;
        break;
      case State::kMultiBasic:
        if (c == '\\') ++i;
        else if (starts(i, "\"\"\"")) {
          // Up to two more quotes may close it (""""" ends with the string holding "").
          i += 2;
          while (i + 1 < t.size() && t[i + 1] == '"') ++i;
          state = State::kCode;
        }
        break;
      case State::kMultiLiteral:
        if (starts(i, "'''")) {
          i += 2;
          while (i + 1 < t.size() && t[i + 1] == '\'') ++i;
          state = State::kCode;
        }
        break;
    }
  }
  return std::nullopt;
}

}  // namespace careergraph
