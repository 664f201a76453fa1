#include "core/file_clock.hpp"

#include <charconv>
#include <fstream>
#include <string>

namespace commonsbot::core {

namespace {
constexpr auto reread_after = std::chrono::milliseconds(10);
}

file_clock::file_clock(std::filesystem::path file) : file_(std::move(file)) {
  if (const auto ms = read_ms(file_)) {
    ms_ = *ms;
    ok_ = true;
  }
  read_at_ = std::chrono::steady_clock::now();
}

std::optional<long long> file_clock::read_ms(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string text;
  if (!in || !std::getline(in, text)) return std::nullopt;
  while (!text.empty() && (text.back() == '\r' || text.back() == ' ')) text.pop_back();
  long long ms = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
  if (ec != std::errc() || end != text.data() + text.size() || ms < 0) return std::nullopt;
  return ms;
}

bool file_clock::ok() const {
  std::lock_guard lock(mutex_);
  return ok_;
}

clock::time_point file_clock::now() const {
  std::lock_guard lock(mutex_);
  const auto real = std::chrono::steady_clock::now();
  if (real - read_at_ >= reread_after) {
    read_at_ = real;
    // Never backwards: the scheduler and the outbox plan from the last time they saw.
    if (const auto ms = read_ms(file_); ms && *ms >= ms_) {
      ms_ = *ms;
      ok_ = true;
    }
  }
  return from_epoch_ms(ms_);
}

}  // namespace commonsbot::core
