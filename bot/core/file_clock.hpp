// A clock read from a file, for tests of the real binary (`serve --clock-file PATH`): the
// file holds milliseconds since 1970, and a test moves time by rewriting it, so a whole term
// of scheduled nudges runs in seconds. The file is read again at most every 10 ms (real
// time) so a busy loop asking the time does not hammer the disk. A missing or unreadable
// file keeps the last time read, so a test replacing the file never sends time backwards.
#pragma once

#include "core/clock.hpp"

#include <chrono>
#include <filesystem>
#include <mutex>
#include <optional>

namespace commonsbot::core {

class file_clock final : public clock {
 public:
  explicit file_clock(std::filesystem::path file);

  // Whether the file held a time when last read (serve refuses to start on a bad file).
  bool ok() const;
  time_point now() const override;

  // The time in `file`, or nullopt when it is missing or not a number.
  static std::optional<long long> read_ms(const std::filesystem::path& file);

 private:
  std::filesystem::path file_;
  mutable std::mutex mutex_;
  mutable std::chrono::steady_clock::time_point read_at_{};
  mutable long long ms_ = 0;
  mutable bool ok_ = false;
};

}  // namespace commonsbot::core
