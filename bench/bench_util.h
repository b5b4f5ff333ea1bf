// Shared by the benchmark programs: running a measured step in a forked child (so each run
// starts from the heap a fresh process has), its peak memory, and number formatting.
#ifndef CAREERGRAPH_BENCH_BENCH_UTIL_H_
#define CAREERGRAPH_BENCH_BENCH_UTIL_H_

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "careergraph/base/status.h"

#include <fmt/format.h>

namespace careergraph::bench {

using Clock = std::chrono::steady_clock;

inline double Since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// The program's name for messages, and where its log goes: stdout, or stderr when stdout
// carries the JSON results (--json). Each program sets both in main().
inline std::string_view g_program = "bench";
inline bool g_log_to_stderr = false;

template <typename... Args>
void Log(fmt::format_string<Args...> f, Args&&... args) {
  std::FILE* out = g_log_to_stderr ? stderr : stdout;
  fmt::print(out, f, std::forward<Args>(args)...);
  std::fflush(out);
}

[[noreturn]] inline void Die(std::string_view what, const Status& s) {
  fmt::print(stderr, "{}: {}: {}\n", g_program, what, s.message());
  std::exit(1);
}

// The value after the flag argv[i] (i advances past it); exits with code 2 and a message naming
// the program when the command line ends there.
inline std::string FlagValue(int argc, char** argv, int& i) {
  if (i + 1 >= argc) {
    fmt::print(stderr, "{}: {} needs a value\n", g_program, argv[i]);
    std::exit(2);
  }
  return argv[++i];
}

inline double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// Runs `body` in a forked child and returns what it produced (a trivially copyable struct, sent
// back through a pipe). The child exits without running destructors; a failed child fails the
// benchmark with a message naming `program`.
template <typename T>
T RunForked(std::string_view program, const std::function<T()>& body) {
  static_assert(std::is_trivially_copyable_v<T>);
  int fd[2];
  if (::pipe(fd) != 0) {
    fmt::print(stderr, "{}: pipe: {}\n", program, std::strerror(errno));
    std::exit(1);
  }
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    fmt::print(stderr, "{}: fork: {}\n", program, std::strerror(errno));
    std::exit(1);
  }
  if (pid == 0) {
    ::close(fd[0]);
    const T t = body();
    const bool ok = ::write(fd[1], &t, sizeof t) == static_cast<ssize_t>(sizeof t);
    ::_exit(ok ? 0 : 3);
  }
  ::close(fd[1]);
  T t{};
  const ssize_t n = ::read(fd[0], &t, sizeof t);
  ::close(fd[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (n != static_cast<ssize_t>(sizeof t) || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fmt::print(stderr, "{}: a benchmark run failed (see above)\n", program);
    std::exit(1);
  }
  return t;
}

// A field of /proc/self/status in kB (VmRSS, VmHWM), 0 when unreadable.
inline long ProcStatusKb(std::string_view field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.compare(0, field.size(), field) == 0 && line.size() > field.size() && line[field.size()] == ':') {
      return std::atol(line.c_str() + field.size() + 1);
    }
  }
  return 0;
}

// Resets the peak resident set (VmHWM) to the current one, so that a later VmHWM − VmRSS now
// is what the code in between added at its peak. False when the kernel refuses.
inline bool ResetPeakRss() {
  std::FILE* f = std::fopen("/proc/self/clear_refs", "w");
  if (!f) return false;
  const bool ok = std::fputs("5", f) >= 0;
  return std::fclose(f) == 0 && ok;
}

inline std::string Thousands(double v) {
  std::string digits = fmt::format("{:.0f}", v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace careergraph::bench

#endif  // CAREERGRAPH_BENCH_BENCH_UTIL_H_
