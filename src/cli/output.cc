#include "cli/output.h"

#include <csignal>
#include <unistd.h>

#include <fmt/format.h>

namespace careergraph::cli {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;
void OnInterrupt(int) { g_interrupted = 1; }

thread_local CapturedOutput* t_capture = nullptr;

}  // namespace

CapturedOutput::CapturedOutput(std::chrono::steady_clock::time_point deadline) : deadline_(deadline) {
  t_capture = this;
}

CapturedOutput::~CapturedOutput() { t_capture = nullptr; }

CapturedOutput* CapturedOutput::Current() { return t_capture; }

TerminalProgress::TerminalProgress(FILE* out)
    : out_(out), capture_(CapturedOutput::Current()), tty_(capture_ == nullptr && isatty(fileno(out)) != 0) {
  if (capture_ == nullptr) std::signal(SIGINT, OnInterrupt);
}

TerminalProgress::~TerminalProgress() {
  if (capture_ == nullptr) std::signal(SIGINT, SIG_DFL);
}

bool TerminalProgress::Cancelled() const { return capture_ != nullptr ? capture_->Expired() : g_interrupted != 0; }

void TerminalProgress::Start(std::string_view label, uint64_t total) {
  label_ = label;
  total_ = total;
  done_ = 0;
  last_shown_ = -1;
  shown_ = false;
  start_ = last_draw_ = std::chrono::steady_clock::now();
}

void TerminalProgress::Advance(uint64_t done) {
  done_ = done;
  if (capture_ != nullptr) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - start_ < std::chrono::seconds(1)) return;  // short work shows no bar
  if (!tty_ && now - last_draw_ < std::chrono::seconds(10) && shown_) return;
  Draw(false);
  last_draw_ = now;
}

void TerminalProgress::Finish() {
  if (shown_ && capture_ == nullptr) {
    done_ = total_ ? total_ : done_;
    last_shown_ = -1;
    Draw(true);
  }
}

void TerminalProgress::Draw(bool final) {
  const int pct = total_ ? static_cast<int>(std::min<uint64_t>(100, done_ * 100 / total_)) : -1;
  if (pct == last_shown_ && !final && tty_) return;  // redraw only on change
  last_shown_ = pct;
  shown_ = true;
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (tty_) {
    constexpr int kBar = 30;
    const int filled = pct < 0 ? 0 : pct * kBar / 100;
    fmt::print(out_, "\r{:<12} [{}{}] {:>3}% {:.1f}s{}", label_, std::string(filled, '#'),
               std::string(kBar - filled, ' '), pct < 0 ? 0 : pct, secs, final ? "\n" : "");
  } else {
    fmt::print(out_, "{}: {}% ({:.1f}s){}\n", label_, pct < 0 ? 0 : pct, secs, final ? " done" : "");
  }
  std::fflush(out_);
}

}  // namespace careergraph::cli
