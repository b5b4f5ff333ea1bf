// Status and Result<T>: how every expected failure in careergraph is reported.
// Thread-safety: values; safe to copy and move between threads.
//
// A Status carries a code (which decides the process exit code) and a message a user can act
// on: it names the file, line, column and field where it can, and says what was expected.
// Result<T> is tl::expected<T, Status> (std::expected is C++23).
//
// Example:
//   Result<Framework> fw = LoadFrameworkFile("frameworks/infrastructure.toml");
//   if (!fw) { std::cerr << fw.error().message() << "\n"; return ExitCodeFor(fw.error()); }
//   UseFramework(*fw);
#ifndef CAREERGRAPH_BASE_STATUS_H_
#define CAREERGRAPH_BASE_STATUS_H_

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace careergraph {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // bad input from the user: a file, a flag, a value (exit code 1)
  kNotFound,         // a named thing does not exist (exit code 1)
  kAlreadyExists,    // a named thing exists and may not be replaced silently (exit code 1)
  kIoError,          // a file or the store could not be read or written (exit code 1)
  kCancelled,        // the user interrupted long work (exit code 1)
  kInternal,         // a bug or an impossible state (exit code 2)
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status Invalid(std::string msg) { return {StatusCode::kInvalidArgument, std::move(msg)}; }
  static Status NotFound(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
  static Status AlreadyExists(std::string msg) {
    return {StatusCode::kAlreadyExists, std::move(msg)};
  }
  static Status IoError(std::string msg) { return {StatusCode::kIoError, std::move(msg)}; }
  static Status Cancelled(std::string msg) { return {StatusCode::kCancelled, std::move(msg)}; }
  static Status Internal(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string_view CodeName() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

template <typename T>
using Result = tl::expected<T, Status>;

// Wraps a Status as the error of a Result: `return Error(Status::Invalid("..."));`
inline tl::unexpected<Status> Error(Status s) { return tl::unexpected<Status>(std::move(s)); }

// 0 for OK, 2 for internal errors, 1 for everything the user can fix.
int ExitCodeFor(const Status& status);

}  // namespace careergraph

// Returns early from the enclosing function when `expr` (a Status) is not OK.
#define CG_RETURN_IF_ERROR(expr)                       \
  do {                                                 \
    ::careergraph::Status cg_status_ = (expr);         \
    if (!cg_status_.ok()) return cg_status_;           \
  } while (0)

#endif  // CAREERGRAPH_BASE_STATUS_H_
